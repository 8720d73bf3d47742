namespace K8sNotify.Dispatcher;

/// <summary>The dispatcher's log messages (source-generated), grouped by EventId range per feature.</summary>
internal static partial class Log
{
    // Rate limiting: 3000-3999.

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Rate limits are shared by all replicas through Redis at {Endpoints}")]
    public static partial void RateLimitsShared(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "No Redis configured: rate limits are enforced per process in memory (divided by {Replicas} replicas), not shared across replicas")]
    public static partial void RateLimitsPerProcess(ILogger logger, int replicas);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Redis is unreachable for rate limiting ({Reason}); until it is back, Channels with failurePolicy open use a per-replica in-memory limiter (limits divided by {Replicas} replicas) and Channels with failurePolicy closed delay every message")]
    public static partial void RateLimiterDegraded(ILogger logger, string reason, int replicas);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Redis is reachable again after {Duration}: rate limits are shared by all replicas again")]
    public static partial void RateLimiterRecovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Redis did not know the rate limit script (NOSCRIPT: restarted or flushed); loaded it again")]
    public static partial void RateLimitScriptReloaded(ILogger logger);
}
