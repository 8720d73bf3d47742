using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>Counts delivery receipts by source (twilio, generic) and what they did; never a recipient or id as a label.</summary>
public sealed class ReceiptMetrics(DispatcherMetrics metrics)
{
    private readonly Counter _receipts = metrics.Factory.CreateCounter(
        MetricNames.DeliveryReceiptsTotal,
        "Delivery receipts received, by source and result (applied, duplicate, unknown, mismatch, not_sent, ignored; rejected for a bad Twilio signature).",
        new CounterConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel, MetricNames.SourceLabel, MetricNames.ResultLabel] });

    public void Count(string? @namespace, string? channel, string source, string result) =>
        _receipts.WithLabels(channel ?? DispatcherMetrics.NoProvider, @namespace ?? DispatcherMetrics.NoProvider, source, result).Inc();

    public double Value(string? @namespace, string? channel, string source, string result) =>
        _receipts.WithLabels(channel ?? DispatcherMetrics.NoProvider, @namespace ?? DispatcherMetrics.NoProvider, source, result).Value;
}
