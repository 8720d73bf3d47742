using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>Counts status webhook attempts by result (delivered, failed, dead_lettered, discarded); no recipient, id or URL as a label.</summary>
public sealed class StatusWebhookMetrics(DispatcherMetrics metrics)
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string DeadLettered = "dead_lettered";
    public const string Discarded = "discarded";

    private readonly Counter _deliveries = metrics.Factory.CreateCounter(
        MetricNames.StatusWebhookDeliveriesTotal,
        "Status webhook POSTs by result: delivered (2xx), failed (an attempt that will be retried or dead-lettered), dead_lettered (gave up), discarded (the Channel no longer has a status webhook).",
        new CounterConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel, MetricNames.ResultLabel] });

    public void Count(string @namespace, string channel, string result) => _deliveries.WithLabels(channel, @namespace, result).Inc();

    public double Value(string @namespace, string channel, string result) => _deliveries.WithLabels(channel, @namespace, result).Value;
}
