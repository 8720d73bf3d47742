namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>What to do with a message after the rate limit check.</summary>
public enum RateLimitDecision
{
    /// <summary>Within every limit: deliver now.</summary>
    Allow,

    /// <summary>Over a limit with action delay: NAK with the retry-after (not a failure).</summary>
    Delay,

    /// <summary>Over a limit with action drop: record rate_limited and ack.</summary>
    Drop,
}
