using System.Collections.Concurrent;
using K8sNotify.Api.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// The limiter's metrics: <see cref="MetricNames.RateLimitDecisionsTotal"/>{channel,scope,decision} and
/// <see cref="MetricNames.RateLimiterDegraded"/>{channel}, 1 while Redis is unreachable.
/// </summary>
internal sealed class RateLimitMetrics
{
    public const string ScopeLabel = "scope";
    public const string DecisionLabel = "decision";

    /// <summary>Decision label: within the limit.</summary>
    public const string Allow = "allow";

    /// <summary>Decision label: over the limit, message redelivered later.</summary>
    public const string Delay = "delay";

    /// <summary>Decision label: over the limit, message recorded as rate_limited.</summary>
    public const string Drop = "drop";

    /// <summary>Decision label: provider quota exhausted, the chain skips to the next provider.</summary>
    public const string Skip = "skip";

    private readonly Counter _decisions;
    private readonly Gauge _degraded;
    private readonly ConcurrentDictionary<string, byte> _channels = new(StringComparer.Ordinal);
    private readonly Lock _degradedLock = new();
    private bool _isDegraded;

    public RateLimitMetrics(IMetricFactory factory)
    {
        _decisions = factory.CreateCounter(
            MetricNames.RateLimitDecisionsTotal,
            "Rate limiter decisions by Channel, scope (recipient, channel, provider, failure_policy) and decision (allow, delay, drop, skip).",
            [MetricNames.ChannelLabel, ScopeLabel, DecisionLabel]);
        _degraded = factory.CreateGauge(
            MetricNames.RateLimiterDegraded,
            "1 while the rate limiter cannot reach Redis and the Channel's failurePolicy answers instead.",
            [MetricNames.ChannelLabel]);
    }

    /// <summary>Counts one decision of one scope.</summary>
    public void Decided(string channel, string scope, string decision)
    {
        Track(channel);
        _decisions.WithLabels(channel, scope, decision).Inc();
    }

    /// <summary>Sets the degraded gauge of every Channel seen so far (and of those seen later).</summary>
    public void SetDegraded(bool degraded)
    {
        lock (_degradedLock)
        {
            _isDegraded = degraded;
            foreach (var channel in _channels.Keys)
            {
                _degraded.WithLabels(channel).Set(degraded ? 1 : 0);
            }
        }
    }

    /// <summary>The current value of the degraded gauge of <paramref name="channel"/> (for tests and the bench).</summary>
    public double DegradedValue(string channel) => _degraded.WithLabels(channel).Value;

    /// <summary>The current count of one decision (for tests and the bench).</summary>
    public double DecisionCount(string channel, string scope, string decision) => _decisions.WithLabels(channel, scope, decision).Value;

    private void Track(string channel)
    {
        if (_channels.ContainsKey(channel))
        {
            return;
        }

        lock (_degradedLock)
        {
            if (_channels.TryAdd(channel, 0))
            {
                _degraded.WithLabels(channel).Set(_isDegraded ? 1 : 0);
            }
        }
    }
}
