using K8sNotify.Api.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.Observability;

/// <summary>The dispatcher's Prometheus metrics (docs/architecture.md, "Metrics and SLOs"; provider-level ones are in <see cref="ProviderMetrics"/>), in a registry of their own so several hosts can share a process (tests, bench).</summary>
public sealed class DispatcherMetrics
{
    /// <summary>The provider label of outcomes no provider was involved in (invalid, rate limited, duplicates).</summary>
    public const string NoProvider = "none";

    private readonly Counter _notifications;
    private readonly Histogram _deliveryDuration;
    private readonly Gauge _consumerPending;

    public DispatcherMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _notifications = factory.CreateCounter(
            MetricNames.NotificationsTotal,
            "Notifications by final outcome.",
            new CounterConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel, MetricNames.ProviderLabel, MetricNames.OutcomeLabel] });
        _deliveryDuration = factory.CreateHistogram(
            MetricNames.DeliveryDurationSeconds,
            "Seconds from publish (or sendAt) until a provider accepted the notification.",
            new HistogramConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel], Buckets = [.. MetricNames.DeliveryDurationBuckets] });
        _consumerPending = factory.CreateGauge(
            MetricNames.ConsumerPending,
            "Messages of the Channel's stream not yet delivered to a dispatcher.",
            new GaugeConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel] });
        Factory = factory;
    }

    /// <summary>The registry /metrics exports; other features register their metrics through <see cref="Factory"/>.</summary>
    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public void CountOutcome(string @namespace, string channel, string? provider, string outcome) =>
        _notifications.WithLabels(channel, @namespace, provider ?? NoProvider, outcome).Inc();

    public void ObserveDelivery(string @namespace, string channel, TimeSpan duration) =>
        _deliveryDuration.WithLabels(channel, @namespace).Observe(Math.Max(0, duration.TotalSeconds));

    public void SetConsumerPending(string @namespace, string channel, double pending) =>
        _consumerPending.WithLabels(channel, @namespace).Set(pending);

    /// <summary>Current value of a notifications counter (tests and the bench read it without scraping).</summary>
    public double Outcomes(string @namespace, string channel, string provider, string outcome) =>
        _notifications.WithLabels(channel, @namespace, provider, outcome).Value;
}
