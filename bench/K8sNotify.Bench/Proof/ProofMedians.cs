namespace K8sNotify.Bench.Proof;

/// <summary>Folds repeated runs into one row per scenario: every figure is the median of that figure over the runs that measured it.</summary>
internal static class ProofMedians
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static RawResult? Raw(IReadOnlyList<RawResult> runs) => runs.Count == 0 ? null : new RawResult(
        runs[0].Messages,
        Median(runs.Select(r => r.Seconds)),
        Median(runs.Select(r => r.PerSecond)),
        Median(runs.Select(r => r.NatsCpuSecondsPer1000)));

    /// <summary>The median row of one scenario's runs (all of the same scenario); a single run is returned as it is.</summary>
    public static ScenarioResult Scenario(IReadOnlyList<ScenarioResult> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        if (runs.Count == 1)
        {
            return runs[0];
        }

        var measured = runs.Where(r => r.Throughput is not null).ToList();
        var first = runs[0];
        return first with
        {
            SettleSeconds = Median(runs.Select(r => r.SettleSeconds)),
            Startup = Startup([.. runs.Select(r => r.Startup).OfType<StartupResult>()]),
            Throughput = measured.Count == 0 ? null : Throughput([.. measured.Select(r => r.Throughput!)]),
            Rates = Rates(runs),
            PeakRssMb = Median(runs.Where(r => r.PeakRssMb > 0).Select(r => r.PeakRssMb)) is var rss && double.IsFinite(rss) ? rss : 0,
            PeakRssMbPerProcess = [.. Enumerable.Range(0, first.Processes).Select(i => Median(runs.Where(r => r.PeakRssMbPerProcess.Count > i).Select(r => r.PeakRssMbPerProcess[i])))],
            RssAtEndMb = runs.Select(r => r.RssAtEndMb).OfType<Operator.RssBreakdown>().ToList() is { Count: > 0 } ends
                ? new Operator.RssBreakdown(Median(ends.Select(e => e.Anonymous)), Median(ends.Select(e => e.File)), Median(ends.Select(e => e.Shared)))
                : null,
            Error = runs.Select(r => r.Error).FirstOrDefault(e => e is not null),
            Runs = runs,
        };
    }

    public static OperatorScenarioResult? Operator(IReadOnlyList<OperatorScenarioResult> runs)
    {
        var done = runs.Where(r => r.Error is null).ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        if (done.Count == 0)
        {
            return runs[0] with { Runs = runs };
        }

        return new OperatorScenarioResult
        {
            Channels = done[0].Channels,
            ReadySeconds = Median(done.Select(r => r.ReadySeconds)),
            PeakRssMiB = Median(done.Select(r => r.PeakRssMiB)),
            ApiRequestsPerChannel = Median(done.Select(r => r.ApiRequestsPerChannel)),
            CpuSeconds = Median(done.Select(r => r.CpuSeconds)),
            TemplateRollSeconds = Median(done.Select(r => r.TemplateRollSeconds)),
            Error = runs.Select(r => r.Error).FirstOrDefault(e => e is not null),
            Runs = runs,
        };
    }

    private static StartupResult? Startup(IReadOnlyList<StartupResult> runs) => runs.Count == 0 ? null : new StartupResult(
        runs[0].Messages,
        Median(runs.Select(r => r.Seconds)),
        Median(runs.Select(r => r.PerSecond)),
        runs.All(r => r.RatioToSteady is not null) ? Median(runs.Select(r => r.RatioToSteady!.Value)) : null);

    private static ThroughputResult Throughput(IReadOnlyList<ThroughputResult> runs) => new(
        runs[0].Messages,
        Median(runs.Select(t => t.Seconds)),
        Median(runs.Select(t => t.PerSecond)),
        runs.All(t => t.RatioToRaw is not null) ? Median(runs.Select(t => t.RatioToRaw!.Value)) : null,
        Median(runs.Select(t => t.DispatcherCpuSecondsPer1000)),
        Median(runs.Select(t => t.NatsCpuSecondsPer1000)));

    /// <summary>Per offered rate, over the runs that reached it (a run stops at a rate whose queue did not drain).</summary>
    private static IReadOnlyList<RateResult> Rates(IReadOnlyList<ScenarioResult> runs) =>
    [
        .. runs.SelectMany(r => r.Rates).GroupBy(r => r.Offered).OrderBy(g => g.Key).Select(g =>
        {
            var at = g.ToList();
            return at[0] with
            {
                Seconds = Median(at.Select(r => r.Seconds)),
                Messages = (int)Median(at.Select(r => (double)r.Messages)),
                Delivered = (int)Median(at.Select(r => (double)r.Delivered)),
                PublishedPerSecond = Median(at.Select(r => r.PublishedPerSecond)),
                P50Ms = Median(at.Select(r => r.P50Ms)),
                P95Ms = Median(at.Select(r => r.P95Ms)),
                P99Ms = Median(at.Select(r => r.P99Ms)),
                MaxMs = Median(at.Select(r => r.MaxMs)),
                Saturated = at.Count(r => r.Saturated) * 2 > at.Count,
                DispatcherCpuSecondsPer1000 = Median(at.Select(r => r.DispatcherCpuSecondsPer1000)),
            };
        }),
    ];
}
