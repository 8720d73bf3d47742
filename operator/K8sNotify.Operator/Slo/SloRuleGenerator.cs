using System.Globalization;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Slo;

/// <summary>
/// Turns a Channel's <c>spec.slo</c> into Prometheus rule groups: error-ratio recording rules per alert window,
/// objective and error-budget-remaining over the SLO window, and multiwindow burn-rate alerts. Pure: no I/O.
/// </summary>
public static class SloRuleGenerator
{
    /// <summary>
    /// Evaluation interval of the budget group: its window-long rates are expensive and change slowly, but the recorded
    /// series must stay well inside Prometheus' 5m lookback or dashboards and the exhausted-budget alert see gaps.
    /// </summary>
    public static readonly TimeSpan BudgetInterval = TimeSpan.FromMinutes(2);

    /// <summary>How long a page condition must hold before it fires (filters a single bad scrape).</summary>
    public static readonly TimeSpan PageFor = TimeSpan.FromMinutes(2);

    /// <summary>How long a ticket condition must hold before it fires.</summary>
    public static readonly TimeSpan TicketFor = TimeSpan.FromMinutes(15);

    /// <summary>Alert template text that renders the long-window burn rate (the value of the burn-rate alert expressions).</summary>
    internal const string BurnRateValueTemplate = "{{ printf \"%.1f\" $value }}";

    /// <summary>Alert template text that renders the remaining budget (the value of the exhausted-budget expression).</summary>
    internal const string BudgetValueTemplate = "{{ $value | humanizePercentage }}";

    /// <summary>Generates the rules of one Channel; <see cref="SloRuleResult.None"/> when it declares no SLO.</summary>
    public static SloRuleResult Generate(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var slo = channel.Spec.Slo;
        if (slo is null || (slo.Availability is null && slo.Latency is null))
        {
            return SloRuleResult.None;
        }

        if (!Durations.TryParse(slo.Window, out var window) || window < BurnRatePolicy.MinimumWindow || window.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return SloRuleResult.Invalid(
                SloReasons.WindowInvalid,
                $"slo.window {slo.Window} must be whole minutes and at least {Durations.Format(BurnRatePolicy.MinimumWindow)}, for example 28d or 30d");
        }

        decimal? availability = null;
        if (slo.Availability is not null)
        {
            if (ParseObjective(slo.Availability) is not { } a)
            {
                return ObjectiveInvalid("slo.availability", slo.Availability);
            }

            availability = a;
        }

        (decimal Objective, double ThresholdSeconds, string Threshold)? latency = null;
        if (slo.Latency is not null)
        {
            if (ParseObjective(slo.Latency.Objective) is not { } l)
            {
                return ObjectiveInvalid("slo.latency.objective", slo.Latency.Objective);
            }

            if (!Durations.TryParse(slo.Latency.Threshold, out var threshold) || FindBucket(threshold) is not { } bucket)
            {
                return SloRuleResult.Invalid(
                    SloReasons.ThresholdNotABucket,
                    $"slo.latency.threshold {slo.Latency.Threshold} is not a histogram bucket; use one of "
                    + string.Join(", ", MetricNames.DeliveryDurationBuckets.Select(b => Durations.Format(TimeSpan.FromSeconds(b)))));
            }

            latency = (l, bucket, Durations.Format(threshold));
        }

        var name = channel.Metadata.Name;
        var ns = channel.Metadata.NamespaceProperty ?? "default";
        var context = new GenerationContext(name, ns, window, slo.RunbookBaseUrl, new SloQueries(name, ns));

        var sli = new List<PrometheusRuleEntry>();
        var budget = new List<PrometheusRuleEntry>();
        var alerts = new List<PrometheusRuleEntry>();
        if (availability is { } objective)
        {
            var description = $"{objective}% of valid notifications delivered";
            AddSli(context, SloNames.Availability, objective, description, w => context.Queries.AvailabilityErrorRatio(w), sli, budget, alerts);
        }

        if (latency is { } lat)
        {
            var description = $"{lat.Objective}% of deliveries under {lat.Threshold}";
            AddSli(context, SloNames.Latency, lat.Objective, description, w => context.Queries.LatencyErrorRatio(lat.ThresholdSeconds, w), sli, budget, alerts);
        }

        var prefix = $"k8snotify.slo.{ns}.{name}";
        return SloRuleResult.Success(
        [
            new RuleGroup($"{prefix}.sli", null, sli),
            new RuleGroup($"{prefix}.budget", BudgetInterval, budget),
            new RuleGroup($"{prefix}.alerts", null, alerts),
        ]);
    }

    private static void AddSli(
        GenerationContext context,
        string sli,
        decimal objectivePercent,
        string objectiveText,
        Func<TimeSpan, string> errorRatio,
        List<PrometheusRuleEntry> sliRules,
        List<PrometheusRuleEntry> budgetRules,
        List<PrometheusRuleEntry> alertRules)
    {
        var channelLabels = context.ChannelLabels;
        foreach (var w in BurnRatePolicy.RatioWindows(context.Window))
        {
            sliRules.Add(new RecordingRule(SloNames.ErrorRatio(sli, w), errorRatio(w), channelLabels));
        }

        var objective = objectivePercent / 100m;
        var errorBudget = SloQueries.Number(1m - objective);
        var windowText = Durations.Format(context.Window);
        var selector = $"{{{context.Queries.ChannelMatchers}}}";
        budgetRules.Add(new RecordingRule(SloNames.Objective(sli), $"vector({SloQueries.Number(objective)})", channelLabels));
        budgetRules.Add(new RecordingRule(SloNames.ErrorRatio(sli, context.Window), errorRatio(context.Window), channelLabels));
        budgetRules.Add(new RecordingRule(
            SloNames.ErrorBudgetRemaining(sli),
            $"1 - {SloNames.ErrorRatio(sli, context.Window)}{selector} / {errorBudget}",
            channelLabels));

        var isAvailability = sli == SloNames.Availability;
        var what = isAvailability ? "failing deliveries" : "delivering slowly";
        foreach (var severity in new[] { BurnRatePolicy.Page, BurnRatePolicy.Ticket })
        {
            var conditions = BurnRatePolicy.For(context.Window).Where(c => c.Severity == severity).ToList();
            var expr = string.Join(
                "\nor\n",
                conditions.Select(c =>
                    $"(\n  {SloNames.ErrorRatio(sli, c.Long)}{selector} / {errorBudget} > {SloQueries.Number(c.Factor)}\nand\n"
                    + $"  {SloNames.ErrorRatio(sli, c.Short)}{selector} / {errorBudget} > {SloQueries.Number(c.Factor)}\n)"));
            var fast = severity == BurnRatePolicy.Page;
            var alert = (isAvailability, fast) switch
            {
                (true, true) => SloNames.AvailabilityFastBurnAlert,
                (true, false) => SloNames.AvailabilitySlowBurnAlert,
                (false, true) => SloNames.LatencyFastBurnAlert,
                (false, false) => SloNames.LatencySlowBurnAlert,
            };
            var policy = string.Join(" or ", conditions.Select(c =>
                $"{SloQueries.Number(c.Factor)}x over {Durations.Format(c.Long)} and {Durations.Format(c.Short)}"));
            var forDuration = fast ? PageFor : TicketFor;
            var shortest = conditions.Min(c => c.Short);
            alertRules.Add(new AlertingRule(
                alert,
                expr,
                forDuration < shortest ? forDuration : shortest,
                context.AlertLabels(severity, sli),
                new Dictionary<string, string>
                {
                    ["summary"] = $"Channel {context.Namespace}/{context.Channel} is burning its {sli} error budget {(fast ? "fast" : "steadily")}",
                    ["description"] =
                        $"Channel {context.Namespace}/{context.Channel} is {what} at {BurnRateValueTemplate}x the rate its SLO "
                        + $"({objectiveText} over {windowText}) can sustain. This alert fires at {policy}.",
                    ["runbook_url"] = SloNames.RunbookUrl(context.RunbookBaseUrl, alert),
                }));
        }

        alertRules.Add(new AlertingRule(
            SloNames.ErrorBudgetExhaustedAlert,
            $"{SloNames.ErrorBudgetRemaining(sli)}{selector} <= 0",
            TicketFor,
            context.AlertLabels(BurnRatePolicy.Ticket, sli),
            new Dictionary<string, string>
            {
                ["summary"] = $"Channel {context.Namespace}/{context.Channel} has spent its {sli} error budget",
                ["description"] =
                    $"Channel {context.Namespace}/{context.Channel} has {BudgetValueTemplate} of its {sli} error budget left "
                    + $"({objectiveText} over {windowText}); prefer reliability work over risky changes until it recovers.",
                ["runbook_url"] = SloNames.RunbookUrl(context.RunbookBaseUrl, SloNames.ErrorBudgetExhaustedAlert),
            }));
    }

    private static decimal? ParseObjective(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is > 0m and < 100m
            ? value
            : null;

    private static SloRuleResult ObjectiveInvalid(string field, string? value) =>
        SloRuleResult.Invalid(
            SloReasons.ObjectiveInvalid,
            $"{field} \"{value}\" must be a percentage above 0 and below 100 (100% leaves no error budget), for example \"99.9\"");

    private static double? FindBucket(TimeSpan threshold)
    {
        foreach (var bucket in MetricNames.DeliveryDurationBuckets)
        {
            if (Math.Abs(bucket - threshold.TotalSeconds) < 1e-9)
            {
                return bucket;
            }
        }

        return null;
    }

    private sealed record GenerationContext(string Channel, string Namespace, TimeSpan Window, string? RunbookBaseUrl, SloQueries Queries)
    {
        public IReadOnlyDictionary<string, string> ChannelLabels { get; } = new Dictionary<string, string>
        {
            [MetricNames.ChannelLabel] = Channel,
            [MetricNames.NamespaceLabel] = Namespace,
        };

        public IReadOnlyDictionary<string, string> AlertLabels(string severity, string sli) => new Dictionary<string, string>
        {
            [SloNames.SeverityLabel] = severity,
            [MetricNames.ChannelLabel] = Channel,
            [MetricNames.NamespaceLabel] = Namespace,
            [SloNames.SloLabel] = sli,
        };
    }
}
