using System.Globalization;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;

namespace K8sNotify.Operator.Slo;

/// <summary>PromQL for the SLIs of one Channel, written only in terms of the <see cref="MetricNames"/> contract.</summary>
internal sealed class SloQueries(string channel, string ns)
{
    private static readonly string By = $"by ({MetricNames.ChannelLabel}, {MetricNames.NamespaceLabel})";

    /// <summary>The matchers that select this Channel's series: <c>channel="…",namespace="…"</c>.</summary>
    public string ChannelMatchers { get; } =
        $"{MetricNames.ChannelLabel}=\"{Escape(channel)}\",{MetricNames.NamespaceLabel}=\"{Escape(ns)}\"";

    /// <summary>
    /// bad / valid over a window. Bad outcomes with no series yet (nothing ever failed) count as zero rather than
    /// making the ratio vanish, so budgets read 100% instead of "no data" on a healthy Channel.
    /// </summary>
    public string AvailabilityErrorRatio(TimeSpan window)
    {
        var bad = OutcomeRate(Outcomes.Bad, window);
        var valid = OutcomeRate(Outcomes.Valid, window);
        return $"(\n  {bad}\nor\n  0 * {valid}\n)\n/\n{valid}";
    }

    /// <summary>1 − (deliveries under the threshold / all deliveries) over a window, read from the histogram bucket.</summary>
    public string LatencyErrorRatio(double thresholdSeconds, TimeSpan window)
    {
        var w = Durations.Format(window);
        var under = $"sum {By} (rate({MetricNames.DeliveryDurationSeconds}_bucket{{{ChannelMatchers},le=~\"{LeRegex(thresholdSeconds)}\"}}[{w}]))";
        var all = $"sum {By} (rate({MetricNames.DeliveryDurationSeconds}_count{{{ChannelMatchers}}}[{w}]))";
        return $"1 - (\n  {under}\n/\n  {all}\n)";
    }

    /// <summary>
    /// Matches the <c>le</c> label of a bucket: prometheus-net writes <c>0.5</c> and <c>1</c>; Prometheus 3 rewrites
    /// whole numbers to <c>1.0</c> on scrape. Both spellings match so the rules survive a Prometheus upgrade.
    /// </summary>
    public static string LeRegex(double upperBound)
    {
        var text = upperBound.ToString("R", CultureInfo.InvariantCulture);
        var escaped = text.Replace(".", @"\\.", StringComparison.Ordinal);
        return Math.Floor(upperBound) == upperBound ? $@"{escaped}(\\.0)?" : escaped;
    }

    /// <summary>Formats a number for PromQL without exponent or culture surprises.</summary>
    public static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private string OutcomeRate(IReadOnlyList<string> outcomes, TimeSpan window) =>
        $"sum {By} (rate({MetricNames.NotificationsTotal}{{{ChannelMatchers},{MetricNames.OutcomeLabel}=~\"{string.Join('|', outcomes)}\"}}[{Durations.Format(window)}]))";

    private static string Escape(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
