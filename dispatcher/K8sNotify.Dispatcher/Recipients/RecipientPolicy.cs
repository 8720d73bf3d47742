using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.QuietHours;
using K8sNotify.Dispatcher.Recipients.Suppression;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>
/// The recipient check as a pure function: the suppression list first (a dead address stays dead, whatever the
/// category), then, for opt-outable Templates only, channel-type and category opt-outs and quiet hours (which high
/// priority skips); otherwise send, in the preferred locale when the message names none.
/// </summary>
public static class RecipientPolicy
{
    public static RecipientVerdict Decide(
        OptOutPolicy optOut,
        string? category,
        string channelType,
        string priority,
        string? messageLocale,
        RecipientPreferences? preferences,
        SuppressionEntry? suppression,
        DateTimeOffset now)
    {
        if (suppression is not null && suppression.IsActive(now))
        {
            return RecipientVerdict.Suppress(SuppressionReasons.SuppressedAddress, $"the recipient is on the Channel's suppression list: {suppression.Reason}");
        }

        if (preferences is null)
        {
            return RecipientVerdict.Send;
        }

        if (optOut == OptOutPolicy.Allowed)
        {
            if (preferences.OptedOutOfChannelType(channelType))
            {
                return RecipientVerdict.Suppress(SuppressionReasons.OptedOut, $"the recipient opted out of {channelType} notifications");
            }

            if (preferences.OptedOutOfCategory(category))
            {
                return RecipientVerdict.Suppress(SuppressionReasons.Category, $"the recipient opted out of category {category}");
            }

            if (priority != "high" && QuietHoursWindow.EndOf(preferences.QuietHours, preferences.Timezone, now) is { } end)
            {
                return new RecipientVerdict { Action = RecipientAction.Wait, WaitUntil = end, Reason = "waiting for the end of the recipient's quiet hours" };
            }
        }

        return messageLocale is null && preferences.Locale is { } locale
            ? new RecipientVerdict { Action = RecipientAction.Send, Locale = locale }
            : RecipientVerdict.Send;
    }
}
