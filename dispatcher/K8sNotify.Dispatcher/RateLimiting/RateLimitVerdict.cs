namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>The result of a rate limit check: the decision, how long to wait, and which scope decided it.</summary>
public sealed record RateLimitVerdict(RateLimitDecision Decision, TimeSpan RetryAfter = default, string? Scope = null)
{
    public static readonly RateLimitVerdict Allowed = new(RateLimitDecision.Allow);
}
