using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>What one recipient of a namespace wants: opt-outs, timezone, quiet hours and a preferred locale.</summary>
public sealed record RecipientPreferences
{
    [JsonPropertyName("optOut")]
    public OptOutSet OptOut { get; init; } = new();

    /// <summary>IANA timezone (Europe/Berlin) the quiet hours are in; UTC when unset.</summary>
    [JsonPropertyName("timezone")]
    public string? Timezone { get; init; }

    [JsonPropertyName("quietHours")]
    public QuietHoursSetting? QuietHours { get; init; }

    /// <summary>Locale used when a message names none.</summary>
    [JsonPropertyName("locale")]
    public string? Locale { get; init; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset? UpdatedAt { get; init; }

    public bool OptedOutOfCategory(string? category) => category is not null && OptOut.Categories.Contains(category, StringComparer.Ordinal);

    public bool OptedOutOfChannelType(string channelType) => OptOut.ChannelTypes.Contains(channelType, StringComparer.Ordinal);
}
