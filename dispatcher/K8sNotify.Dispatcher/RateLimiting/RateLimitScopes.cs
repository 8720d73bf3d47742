namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>The scopes of a rate limit: in Redis keys, in <see cref="RateLimitVerdict.Scope"/> and in the <c>scope</c> metric label.</summary>
public static class RateLimitScopes
{
    /// <summary>Channel.spec.rateLimits.perRecipient.</summary>
    public const string Recipient = "recipient";

    /// <summary>Channel.spec.rateLimits.perChannel.</summary>
    public const string Channel = "channel";

    /// <summary>Provider.spec.rateLimit (the backend's quota).</summary>
    public const string Provider = "provider";

    /// <summary>No limit could be checked (Redis unreachable) and the Channel's failurePolicy is closed.</summary>
    public const string FailurePolicy = "failure_policy";
}
