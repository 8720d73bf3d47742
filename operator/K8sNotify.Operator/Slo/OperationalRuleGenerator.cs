using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Slo;

/// <summary>
/// The operational alerts of one Channel: its dispatchers down or not ready, backlog, dead letters, open provider
/// circuits, a degraded rate limiter and stuck notifications. Unlike the SLO alerts they fire without traffic. Pure.
/// </summary>
/// <remarks>
/// Dispatcher series are selected by the target labels the ServiceMonitor gives them (<c>namespace</c> and
/// <c>service</c>); the readiness alert reads kube-state-metrics.
/// </remarks>
public static class OperationalRuleGenerator
{
    public const string Warning = "warning";
    public const string Critical = "critical";

    /// <summary>The operational rule group of a Channel, named <c>k8snotify.ops.&lt;namespace&gt;.&lt;name&gt;</c>.</summary>
    public static RuleGroup Generate(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var name = channel.Metadata.Name;
        var ns = channel.Metadata.NamespaceProperty ?? "default";
        var service = DispatcherNames.Dispatcher(channel);
        var where = $"Channel {ns}/{name}";
        var target = $"namespace=\"{ns}\",service=\"{service}\"";
        var channelSelector = $"{MetricNames.ChannelLabel}=\"{name}\",{MetricNames.NamespaceLabel}=\"{ns}\"";
        var runbooks = channel.Spec.Slo?.RunbookBaseUrl;
        var rules = new List<PrometheusRuleEntry>
        {
            Alert(OperationalAlerts.DispatchersDown, $"absent(up{{{target}}} == 1)", OperationalAlerts.DownFor, Critical, name, ns, runbooks,
                $"No dispatcher of {where} is up",
                $"Prometheus has scraped no running dispatcher of {where} (Service {service}) for {Durations.Format(OperationalAlerts.DownFor)}: nothing consumes its stream and its SLO alerts cannot fire without traffic."),
            Alert(
                OperationalAlerts.DispatchersNotReady,
                $"kube_deployment_status_replicas_available{{namespace=\"{ns}\",deployment=\"{service}\"}}\n  < kube_deployment_spec_replicas{{namespace=\"{ns}\",deployment=\"{service}\"}}",
                OperationalAlerts.NotReadyFor, Warning, name, ns, runbooks,
                $"Dispatchers of {where} are not ready",
                $"Deployment {ns}/{service} has had fewer available dispatchers than it wants for {Durations.Format(OperationalAlerts.NotReadyFor)} ({{{{ $value }}}} available)."),
            Alert(
                OperationalAlerts.BacklogGrowing,
                $"max by (channel, namespace) ({MetricNames.ConsumerPending}{{{channelSelector}}}) > 0\nand\nmax by (channel, namespace) (deriv({MetricNames.ConsumerPending}{{{channelSelector}}}[{Durations.Format(OperationalAlerts.BacklogWindow)}])) > 0\n{NotSuspended(channelSelector)}",
                OperationalAlerts.BacklogWindow, Warning, name, ns, runbooks,
                $"The backlog of {where} keeps growing",
                $"Messages waiting for the dispatchers of {where} have grown for {Durations.Format(OperationalAlerts.BacklogWindow)} ({{{{ $value }}}} pending): they arrive faster than they are delivered."),
            Alert(
                OperationalAlerts.OldestPendingTooOld,
                $"max by (channel, namespace) ({MetricNames.ConsumerOldestPendingAgeSeconds}{{{channelSelector}}}) > {OperationalAlerts.OldestPendingBound.TotalSeconds}\n{NotSuspended(channelSelector)}",
                TimeSpan.FromMinutes(5), Warning, name, ns, runbooks,
                $"The oldest pending message of {where} is older than {Durations.Format(OperationalAlerts.OldestPendingBound)}",
                $"The oldest message {where} has not processed yet has waited {{{{ $value | humanizeDuration }}}}."),
            Alert(
                OperationalAlerts.DeadLettersIncreasing,
                $"sum by (channel, namespace) (increase({MetricNames.NotificationsTotal}{{{channelSelector},{MetricNames.OutcomeLabel}=\"{Outcomes.DeadLettered}\"}}[{Durations.Format(OperationalAlerts.DeadLetterWindow)}])) > 0",
                TimeSpan.FromMinutes(1), Warning, name, ns, runbooks,
                $"{where} is dead-lettering notifications",
                $"{{{{ $value | printf \"%.0f\" }}}} notifications of {where} went to the dead-letter stream {NatsNames.DeadLetterStreamName(channel)} in the last {Durations.Format(OperationalAlerts.DeadLetterWindow)}."),
            Alert(
                OperationalAlerts.ProviderCircuitOpen,
                $"max by (namespace, provider) (min_over_time({MetricNames.ProviderCircuitState}{{{target}}}[{Durations.Format(OperationalAlerts.CircuitOpenBound)}])) >= 1",
                TimeSpan.FromMinutes(1), Warning, name, ns, runbooks,
                $"A provider circuit of {where} has been open for {Durations.Format(OperationalAlerts.CircuitOpenBound)}",
                $"The circuit of provider {{{{ $labels.provider }}}} has not closed once in {Durations.Format(OperationalAlerts.CircuitOpenBound)}: {where} fails over to its other providers or cannot deliver."),
            Alert(
                OperationalAlerts.RateLimiterDegraded,
                $"max by (channel, namespace) ({MetricNames.RateLimiterDegraded}{{{channelSelector}}}) == 1",
                OperationalAlerts.DegradedFor, Warning, name, ns, runbooks,
                $"The rate limiter of {where} cannot reach Redis",
                $"The dispatchers of {where} have decided rate limits by their failurePolicy instead of the shared Redis limits for {Durations.Format(OperationalAlerts.DegradedFor)}."),
            Alert(
                OperationalAlerts.NotificationsStuck,
                $"max by (channel, namespace) ({MetricNames.NotificationsStuck}{{{channelSelector}}}) > 0",
                OperationalAlerts.StuckFor, Warning, name, ns, runbooks,
                $"Notifications of {where} are stuck",
                $"{{{{ $value | printf \"%.0f\" }}}} accepted notifications of {where} have not reached a terminal state within their deadline."),
        };
        return new RuleGroup($"k8snotify.ops.{ns}.{name}", null, rules);
    }

    // A suspended Channel's backlog grows by design (spec.suspend, or every Provider suspended): its backlog alerts stay quiet.
    private static string NotSuspended(string channelSelector) =>
        $"unless on (channel, namespace)\n(max by (channel, namespace) ({MetricNames.ChannelSuspended}{{{channelSelector}}}) == 1)";

    private static AlertingRule Alert(string alert, string expr, TimeSpan forDuration, string severity, string channel, string ns, string? runbookBaseUrl, string summary, string description) =>
        new(
            alert,
            expr,
            forDuration,
            new Dictionary<string, string>
            {
                [SloNames.SeverityLabel] = severity,
                [MetricNames.ChannelLabel] = channel,
                [MetricNames.NamespaceLabel] = ns,
            },
            new Dictionary<string, string>
            {
                ["summary"] = summary,
                ["description"] = description,
                ["runbook_url"] = SloNames.RunbookUrl(runbookBaseUrl, alert),
            });
}
