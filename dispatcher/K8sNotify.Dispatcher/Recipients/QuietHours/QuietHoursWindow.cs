using K8sNotify.Dispatcher.Recipients.Preferences;

namespace K8sNotify.Dispatcher.Recipients.QuietHours;

/// <summary>Decides whether an instant falls in a recipient's quiet hours, and when they end (pure; the clock is an argument).</summary>
public static class QuietHoursWindow
{
    /// <summary>The end of the quiet window <paramref name="now"/> is in, or null when it is outside (or the setting is unusable).</summary>
    public static DateTimeOffset? EndOf(QuietHoursSetting? quiet, string? timezone, DateTimeOffset now)
    {
        if (quiet is null
            || !PreferencesValidator.TryParseTime(quiet.Start, out var start)
            || !PreferencesValidator.TryParseTime(quiet.End, out var end)
            || start == end)
        {
            return null;
        }

        var zone = TimeZoneInfo.Utc;
        if (timezone is not null && !PreferencesValidator.TryFindZone(timezone, out zone))
        {
            zone = TimeZoneInfo.Utc;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var today = DateOnly.FromDateTime(local.DateTime);
        DateOnly endDay;
        if (start < end)
        {
            // Same-day window, e.g. 12:00-14:00.
            if (time < start || time >= end)
            {
                return null;
            }

            endDay = today;
        }
        else
        {
            // Window across midnight, e.g. 22:00-07:00: in it after start (ends tomorrow) or before end (ends today).
            if (time >= start)
            {
                endDay = today.AddDays(1);
            }
            else if (time < end)
            {
                endDay = today;
            }
            else
            {
                return null;
            }
        }

        return ToInstant(endDay.ToDateTime(end), zone);
    }

    /// <summary>The instant of a local wall-clock time; a time skipped by a DST jump moves forward to the first valid one.</summary>
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(15);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
