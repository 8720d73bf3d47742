using System.Globalization;
using System.Text.RegularExpressions;
using K8sNotify.Api.Schema;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>Checks a preferences document from the API; every problem names its field.</summary>
public static partial class PreferencesValidator
{
    public const int MaxEntries = 64;

    private static readonly string[] ChannelTypes = ["email", "sms", "push", "webhook"];

    public static IReadOnlyList<FieldError> Validate(RecipientPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var errors = new List<FieldError>();
        var optOut = preferences.OptOut ?? new OptOutSet();
        if ((optOut.Categories?.Count ?? 0) > MaxEntries || (optOut.ChannelTypes?.Count ?? 0) > MaxEntries)
        {
            errors.Add(new FieldError("optOut", $"at most {MaxEntries} categories and channel types"));
        }

        foreach (var category in optOut.Categories ?? [])
        {
            if (category is null || !CategoryPattern().IsMatch(category))
            {
                errors.Add(new FieldError("optOut.categories", $"'{category}' is not a category (lower-case letters, digits and '-')"));
            }
        }

        foreach (var type in optOut.ChannelTypes ?? [])
        {
            if (!ChannelTypes.Contains(type, StringComparer.Ordinal))
            {
                errors.Add(new FieldError("optOut.channelTypes", $"'{type}' is not a channel type (email, sms, push or webhook)"));
            }
        }

        if (preferences.Timezone is { } zone && !TryFindZone(zone, out _))
        {
            errors.Add(new FieldError("timezone", $"'{zone}' is not an IANA timezone"));
        }

        if (preferences.QuietHours is { } quiet && (!TryParseTime(quiet.Start, out _) || !TryParseTime(quiet.End, out _)))
        {
            errors.Add(new FieldError("quietHours", "start and end must be times of day as HH:mm"));
        }

        if (preferences.Locale is { } locale && !LocalePattern().IsMatch(locale))
        {
            errors.Add(new FieldError("locale", $"'{locale}' is not a locale (en, de, pt-BR)"));
        }

        return errors;
    }

    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }

        return false;
    }

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    [GeneratedRegex(Patterns.Category, RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();

    [GeneratedRegex(Patterns.Locale, RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();
}
