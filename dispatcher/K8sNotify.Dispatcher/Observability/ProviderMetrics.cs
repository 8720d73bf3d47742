using K8sNotify.Api.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.Observability;

/// <summary>The provider-level Prometheus metrics: requests by result, request duration, circuit state and invalid push tokens.</summary>
public sealed class ProviderMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Gauge _circuitState;
    private readonly Counter _invalidTokens;

    /// <summary>Registers the metrics in <paramref name="registry"/> (the default registry when null).</summary>
    public ProviderMetrics(CollectorRegistry? registry = null)
    {
        var factory = Metrics.WithCustomRegistry(registry ?? Metrics.DefaultRegistry);
        _requests = factory.CreateCounter(
            MetricNames.ProviderRequestsTotal,
            "Requests to delivery providers by result (accepted, transient, permanent, misconfigured, timeout, circuit_open, quota_exhausted).",
            new CounterConfiguration { LabelNames = [MetricNames.ProviderLabel, MetricNames.ResultLabel] });
        _duration = factory.CreateHistogram(
            MetricNames.ProviderRequestDurationSeconds,
            "Duration of one request to a delivery provider in seconds.",
            new HistogramConfiguration { LabelNames = [MetricNames.ProviderLabel], Buckets = [.. MetricNames.ProviderRequestBuckets] });
        _circuitState = factory.CreateGauge(
            MetricNames.ProviderCircuitState,
            "Circuit breaker state of a provider: 0 closed, 1 open, 2 half-open.",
            new GaugeConfiguration { LabelNames = [MetricNames.ProviderLabel] });
        _invalidTokens = factory.CreateCounter(
            MetricNames.PushInvalidTokensTotal,
            "Push tokens FCM reported as unregistered or invalid.",
            new CounterConfiguration { LabelNames = [MetricNames.ProviderLabel] });
    }

    /// <summary>Counts one request (or skip) with its result and, for real requests, its duration.</summary>
    public void RecordRequest(string provider, string result, TimeSpan? duration = null)
    {
        _requests.WithLabels(provider, result).Inc();
        if (duration is { } d)
        {
            _duration.WithLabels(provider).Observe(d.TotalSeconds);
        }
    }

    /// <summary>Sets the circuit gauge: 0 closed, 1 open, 2 half-open.</summary>
    public void SetCircuitState(string provider, int state) => _circuitState.WithLabels(provider).Set(state);

    public void CountInvalidToken(string provider) => _invalidTokens.WithLabels(provider).Inc();

    /// <summary>The current value of a request counter (for tests and diagnostics).</summary>
    public double RequestCount(string provider, string result) => _requests.WithLabels(provider, result).Value;

    public double CircuitStateValue(string provider) => _circuitState.WithLabels(provider).Value;

    public double InvalidTokenCount(string provider) => _invalidTokens.WithLabels(provider).Value;
}
