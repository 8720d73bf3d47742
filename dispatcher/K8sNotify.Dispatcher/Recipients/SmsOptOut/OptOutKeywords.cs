namespace K8sNotify.Dispatcher.Recipients.SmsOptOut;

/// <summary>Twilio's standard SMS opt-out and opt-in keywords (the whole message, trimmed, any case).</summary>
public static class OptOutKeywords
{
    public static readonly IReadOnlySet<string> OptOut = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
    };

    public static readonly IReadOnlySet<string> OptIn = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "START", "YES", "UNSTOP",
    };

    /// <summary>True for an opt-out, false for an opt-in, null for any other message.</summary>
    public static bool? Classify(string? body)
    {
        var word = body?.Trim().TrimEnd('.', '!');
        if (string.IsNullOrEmpty(word))
        {
            return null;
        }

        return OptOut.Contains(word) ? true : OptIn.Contains(word) ? false : null;
    }
}
