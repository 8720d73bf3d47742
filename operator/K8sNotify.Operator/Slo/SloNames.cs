using K8sNotify.Api.Conventions;

namespace K8sNotify.Operator.Slo;

/// <summary>Names of the generated recording rules, alerts, labels and objects: what dashboards, runbooks and tests refer to.</summary>
public static class SloNames
{
    /// <summary>Value of the <c>slo</c> label (and prefix of the series) of the availability SLI.</summary>
    public const string Availability = "availability";

    /// <summary>Value of the <c>slo</c> label (and prefix of the series) of the latency SLI.</summary>
    public const string Latency = "latency";

    public const string SloLabel = "slo";
    public const string SeverityLabel = "severity";

    public const string AvailabilityFastBurnAlert = "K8sNotifyAvailabilityBudgetFastBurn";
    public const string AvailabilitySlowBurnAlert = "K8sNotifyAvailabilityBudgetSlowBurn";
    public const string LatencyFastBurnAlert = "K8sNotifyLatencyBudgetFastBurn";
    public const string LatencySlowBurnAlert = "K8sNotifyLatencyBudgetSlowBurn";

    /// <summary>Ticket raised when an SLI has spent its whole error budget for the window (label <c>slo</c> tells which).</summary>
    public const string ErrorBudgetExhaustedAlert = "K8sNotifyErrorBudgetExhausted";

    /// <summary>Every alert name the generator can emit; each has a runbook <c>docs/runbooks/&lt;alert&gt;.md</c>.</summary>
    public static readonly IReadOnlyList<string> Alerts =
    [
        AvailabilityFastBurnAlert, AvailabilitySlowBurnAlert, LatencyFastBurnAlert, LatencySlowBurnAlert, ErrorBudgetExhaustedAlert,
    ];

    /// <summary>Where runbook links point when the Channel sets no <c>slo.runbookBaseUrl</c>.</summary>
    public const string DefaultRunbookBaseUrl = "https://github.com/k8snotify/k8snotify/blob/main/docs/runbooks";

    /// <summary>Error ratio of an SLI over a window, for example <c>slo:k8snotify_availability_errors:ratio_rate5m</c>.</summary>
    public static string ErrorRatio(string sli, TimeSpan window) => $"slo:k8snotify_{sli}_errors:ratio_rate{Durations.Format(window)}";

    /// <summary>The objective of an SLI as a ratio (0.999), for example <c>slo:k8snotify_availability_objective:ratio</c>.</summary>
    public static string Objective(string sli) => $"slo:k8snotify_{sli}_objective:ratio";

    /// <summary>Share of the error budget left over the SLO window (1 = untouched, 0 = spent, below 0 = overspent).</summary>
    public static string ErrorBudgetRemaining(string sli) => $"slo:k8snotify_{sli}_error_budget:remaining";

    /// <summary>Name of the PrometheusRule the operator applies for a Channel.</summary>
    public static string PrometheusRule(string channelName) => $"{channelName}-slo";

    /// <summary>Link to the runbook of an alert under a base URL (trailing slashes allowed).</summary>
    public static string RunbookUrl(string? baseUrl, string alert) =>
        $"{(string.IsNullOrEmpty(baseUrl) ? DefaultRunbookBaseUrl : baseUrl).TrimEnd('/')}/{alert}.md";
}
