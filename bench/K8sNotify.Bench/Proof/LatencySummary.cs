namespace K8sNotify.Bench.Proof;

/// <summary>Nearest-rank percentiles of latency samples; a message that never arrived counts as infinitely late.</summary>
internal static class LatencySummary
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of ascending <paramref name="sorted"/>, or NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>p50, p95, p99 and max of <paramref name="latenciesMs"/> plus <paramref name="missing"/> samples that never arrived.</summary>
    public static (double P50, double P95, double P99, double Max) Summarise(IEnumerable<double> latenciesMs, int missing)
    {
        var all = latenciesMs.Concat(Enumerable.Repeat(double.PositiveInfinity, missing)).Order().ToList();
        return (Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), all.Count == 0 ? double.NaN : all[^1]);
    }
}
