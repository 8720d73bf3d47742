using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Observability;
using Prometheus;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>Metrics of the recipient controls: suppressed notifications by reason, suppression-list additions and opt-outs.</summary>
public sealed class RecipientMetrics
{
    public const string SuppressedTotal = "k8snotify_recipient_suppressed_total";
    public const string SuppressionsAddedTotal = "k8snotify_suppression_list_additions_total";
    public const string OptOutsTotal = "k8snotify_recipient_opt_outs_total";

    private readonly Counter _suppressed;
    private readonly Counter _added;
    private readonly Counter _optOuts;

    public RecipientMetrics(DispatcherMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _suppressed = metrics.Factory.CreateCounter(
            SuppressedTotal,
            "Notifications not sent because of the recipient (also counted as outcome suppressed), by reason.",
            new CounterConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel, "reason"] });
        _added = metrics.Factory.CreateCounter(
            SuppressionsAddedTotal,
            "Recipients put on a Channel's suppression list, by source (provider, receipt, api).",
            new CounterConfiguration { LabelNames = [MetricNames.ChannelLabel, MetricNames.NamespaceLabel, "source"] });
        _optOuts = metrics.Factory.CreateCounter(
            OptOutsTotal,
            "Opt-outs and opt-ins recorded, by source (api, one_click, sms, provider) and direction (out, in).",
            new CounterConfiguration { LabelNames = [MetricNames.NamespaceLabel, "source", "direction"] });
    }

    public void CountSuppressed(string @namespace, string channel, string reason) => _suppressed.WithLabels(channel, @namespace, reason).Inc();

    public void CountAdded(string @namespace, string channel, string source) => _added.WithLabels(channel, @namespace, source).Inc();

    public void CountOptOut(string @namespace, string source, bool optOut) => _optOuts.WithLabels(@namespace, source, optOut ? "out" : "in").Inc();

    public double Suppressed(string @namespace, string channel, string reason) => _suppressed.WithLabels(channel, @namespace, reason).Value;
}
