using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>
/// The StatusCallback URL the Twilio provider sends with each message: the Provider's <c>spec.twilio.statusCallbackUrl</c>
/// plus the notification id, so a receipt finds its status record without an index. The id is written as its status
/// key (URL-safe characters only), so the URL Twilio signs is exactly the string sent.
/// </summary>
public static class TwilioCallbackUrl
{
    public const string IdParameter = "k8snotify_id";

    public static Uri For(Uri statusCallback, string notificationId)
    {
        var url = statusCallback.OriginalString;
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            url = url[..fragment];
        }

        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(url + separator + IdParameter + "=" + StatusKeys.For(notificationId));
    }

    /// <summary>The notification id a callback's <see cref="IdParameter"/> carries, or null.</summary>
    public static string? IdOf(string? parameter)
    {
        if (string.IsNullOrEmpty(parameter))
        {
            return null;
        }

        try
        {
            return StatusKeys.IdOf(parameter);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
