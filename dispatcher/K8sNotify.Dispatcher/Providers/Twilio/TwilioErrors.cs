using System.Collections.Frozen;
using K8sNotify.Dispatcher.Providers.Http;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>Maps Twilio REST error codes (and HTTP statuses when there is no code) to delivery results.</summary>
public static class TwilioErrors
{
    /// <summary>The recipient or the content is at fault: no other provider would do better, so no failover.</summary>
    public static readonly FrozenDictionary<int, string> Permanent = new Dictionary<int, string>
    {
        [21211] = "invalid 'To' phone number",
        [21217] = "'To' phone number does not appear to be valid",
        [21265] = "'To' number is a short code",
        [21266] = "'To' and 'From' are the same number",
        [21401] = "invalid phone number",
        [21407] = "this phone number type does not support SMS",
        [21421] = "invalid phone number",
        [21602] = "message body is required",
        [21604] = "'To' phone number is required",
        [21610] = "recipient has unsubscribed (replied STOP)",
        [21612] = "'To' number is not reachable via SMS",
        [21614] = "'To' number is not a mobile number",
        [21617] = "message body exceeds 1600 characters",
        [21619] = "a text body or media URL is required",
    }.ToFrozenDictionary();

    /// <summary>The Twilio account or sender is at fault: not retried on this provider, but the chain fails over.</summary>
    public static readonly FrozenDictionary<int, string> Misconfigured = new Dictionary<int, string>
    {
        [20003] = "authentication failed (check the Account SID and Auth Token)",
        [20005] = "the account is not active",
        [20404] = "resource not found (check the Account SID and Messaging Service SID)",
        [21212] = "invalid 'From' phone number",
        [21408] = "sending to this region is not enabled for the account",
        [21606] = "'From' number is not a message-capable Twilio number",
        [21608] = "trial accounts may only send to verified numbers",
        [21659] = "'From' is not a Twilio number or verified sender",
        [21701] = "invalid Messaging Service SID",
        [21703] = "the Messaging Service has no phone numbers",
        [21704] = "the Messaging Service has no phone numbers",
        [21705] = "the Messaging Service is invalid",
    }.ToFrozenDictionary();

    /// <summary>Worth retrying: rate limits, queue overflow and Twilio-side errors.</summary>
    public static readonly FrozenDictionary<int, string> Transient = new Dictionary<int, string>
    {
        [14107] = "rate limit exceeded",
        [20429] = "too many requests",
        [20500] = "Twilio internal error",
        [20503] = "Twilio service unavailable",
        [30001] = "queue overflow",
    }.ToFrozenDictionary();

    /// <summary>21610: the number replied STOP; 21614: not a mobile number (a dead number for SMS).</summary>
    public static RecipientFault RecipientFaultOf(int code) => code switch
    {
        21610 => RecipientFault.OptedOut,
        21614 => RecipientFault.Gone,
        _ => RecipientFault.None,
    };

    /// <summary>Classifies a Twilio API error by its code, falling back to the HTTP status (0 when unknown).</summary>
    public static DeliveryResult Classify(int code, int httpStatus, TimeSpan? retryAfter)
    {
        if (Permanent.TryGetValue(code, out var reason))
        {
            return DeliveryResult.Permanent($"Twilio {code}: {reason}") with { RecipientFault = RecipientFaultOf(code) };
        }

        if (Misconfigured.TryGetValue(code, out reason))
        {
            return DeliveryResult.Misconfigured($"Twilio {code}: {reason}");
        }

        if (Transient.TryGetValue(code, out reason))
        {
            return DeliveryResult.Transient($"Twilio {code}: {reason}", retryAfter);
        }

        var what = code == 0 ? $"HTTP {httpStatus}" : $"Twilio {code} (HTTP {httpStatus})";
        return httpStatus switch
        {
            0 => DeliveryResult.Transient($"Twilio error without a status ({what})"),
            _ when ProviderHttp.IsTransientStatus(httpStatus) => DeliveryResult.Transient(what, retryAfter),
            401 or 403 => DeliveryResult.Misconfigured(what),
            _ => DeliveryResult.Permanent(what),
        };
    }
}
