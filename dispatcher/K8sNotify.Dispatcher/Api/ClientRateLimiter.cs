using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Api;

/// <summary>A token bucket per API client, so one busy client cannot starve the others; a refusal carries how long to wait.</summary>
public sealed class ClientRateLimiter(IOptions<ApiOptions> options) : IDisposable
{
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    /// <summary>Returns null when the request may proceed, otherwise the time to wait before retrying.</summary>
    public TimeSpan? TryAcquire(ApiClient client)
    {
        var bucket = _buckets.GetOrAdd(client.Key, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.RequestsPerSecond,
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : ReplenishmentPeriod;
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
