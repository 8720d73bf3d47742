using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>Metrics of waiting notifications: parked and released messages, stuck notifications and stalled consumers.</summary>
public sealed class SchedulingMetrics
{
    public const string NotificationsStuck = "k8snotify_notifications_stuck";
    public const string ConsumerStalled = "k8snotify_consumer_stalled";
    public const string ParkedTotal = "k8snotify_messages_parked_total";
    public const string ReleasedTotal = "k8snotify_messages_released_total";
    public const string ChannelSuspended = MetricNames.ChannelSuspended;

    private readonly Gauge _stuck;
    private readonly Gauge _stalled;
    private readonly Counter _parked;
    private readonly Counter _released;
    private readonly Gauge _suspended;

    public SchedulingMetrics(DispatcherMetrics metrics)
    {
        var factory = metrics.Factory;
        string[] labels = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel];
        _stuck = factory.CreateGauge(NotificationsStuck, "Notifications found non-terminal past their due time plus the grace period by the last audit.", new GaugeConfiguration { LabelNames = labels });
        _stalled = factory.CreateGauge(ConsumerStalled, "1 while the Channel's consumer has pending messages and has made no progress for the stall period.", new GaugeConfiguration { LabelNames = labels });
        _parked = factory.CreateCounter(ParkedTotal, "Messages parked outside the work consumer, by reason (schedule, rate_limit, retry).", new CounterConfiguration { LabelNames = [.. labels, "reason"] });
        _suspended = factory.CreateGauge(ChannelSuspended, "1 while the Channel does not consume because it or every Provider of its chain is suspended; its backlog grows by design.", new GaugeConfiguration { LabelNames = labels });
        _released = factory.CreateCounter(ReleasedTotal, "Parked messages released to the Channel's subject.", new CounterConfiguration { LabelNames = labels });
    }

    public void SetStuck(string @namespace, string channel, int count) => _stuck.WithLabels(channel, @namespace).Set(count);

    public void SetStalled(string @namespace, string channel, bool stalled) => _stalled.WithLabels(channel, @namespace).Set(stalled ? 1 : 0);

    public void SetSuspended(string @namespace, string channel, bool suspended) => _suspended.WithLabels(channel, @namespace).Set(suspended ? 1 : 0);

    public void CountParked(string @namespace, string channel, string reason) => _parked.WithLabels(channel, @namespace, reason).Inc();

    public void CountReleased(string @namespace, string channel, int count) => _released.WithLabels(channel, @namespace).Inc(count);

    /// <summary>The stuck gauge's value (tests).</summary>
    public double Stuck(string @namespace, string channel) => _stuck.WithLabels(channel, @namespace).Value;

    /// <summary>The parked counter's value (tests).</summary>
    public double Parked(string @namespace, string channel, string reason) => _parked.WithLabels(channel, @namespace, reason).Value;
}
