using System.Globalization;
using System.Text;
using K8sNotify.Api.Observability;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>
/// Builds promtool <c>input_series</c> for one Channel from phases of constant per-step traffic: counters of every
/// outcome and the delivery-duration histogram, labelled the way the dispatcher exports them.
/// </summary>
internal sealed class SyntheticTraffic(string channel, string ns)
{
    private readonly List<Phase> _phases = [];

    /// <summary>Adds <paramref name="steps"/> input-series steps with the given counts per step.</summary>
    public SyntheticTraffic Then(
        int steps,
        int sent,
        int failed = 0,
        int deadLettered = 0,
        int invalid = 0,
        int rateLimited = 0,
        int fast = -1,
        int slow = 0)
    {
        _phases.Add(new Phase(steps, sent, failed, deadLettered, invalid, rateLimited, fast < 0 ? sent : fast, slow));
        return this;
    }

    /// <summary>The series and their expanding-notation values; the histogram's threshold bucket is <paramref name="le"/>.</summary>
    public IEnumerable<(string Series, string Values)> Series(string le)
    {
        var labels = $"channel=\"{channel}\",namespace=\"{ns}\"";
        var outcomes = new (string Outcome, Func<Phase, int> Count)[]
        {
            (Outcomes.Sent, p => p.Sent),
            (Outcomes.Failed, p => p.Failed),
            (Outcomes.DeadLettered, p => p.DeadLettered),
            (Outcomes.Invalid, p => p.Invalid),
            (Outcomes.RateLimited, p => p.RateLimited),
        };
        foreach (var (outcome, count) in outcomes)
        {
            yield return ($"{MetricNames.NotificationsTotal}{{{labels},provider=\"smtp\",outcome=\"{outcome}\"}}", Counter(count));
        }

        var histogram = MetricNames.DeliveryDurationSeconds;
        yield return ($"{histogram}_bucket{{{labels},le=\"0.1\"}}", Counter(p => p.Fast / 2));
        yield return ($"{histogram}_bucket{{{labels},le=\"{le}\"}}", Counter(p => p.Fast));
        yield return ($"{histogram}_bucket{{{labels},le=\"+Inf\"}}", Counter(p => p.Fast + p.Slow));
        yield return ($"{histogram}_count{{{labels}}}", Counter(p => p.Fast + p.Slow));
    }

    // "0 a+axn b+bxm": a counter that starts at 0 and grows by a per step for n+1 steps, then by b.
    private string Counter(Func<Phase, int> perStep)
    {
        var text = new StringBuilder("0");
        long total = 0;
        foreach (var phase in _phases)
        {
            var increment = perStep(phase);
            text.Append(CultureInfo.InvariantCulture, $" {total + increment}+{increment}x{phase.Steps - 1}");
            total += (long)increment * phase.Steps;
        }

        return text.ToString();
    }

    private sealed record Phase(int Steps, int Sent, int Failed, int DeadLettered, int Invalid, int RateLimited, int Fast, int Slow);
}
