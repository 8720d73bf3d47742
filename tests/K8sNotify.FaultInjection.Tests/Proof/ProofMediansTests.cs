using K8sNotify.Bench.Proof;

namespace K8sNotify.FaultInjection.Tests.Proof;

/// <summary>How the proof bench folds repeated runs into one row and compares the rows with its targets.</summary>
public sealed class ProofMediansTests
{
    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 7.0 }, 7.0)]
    public void Median_Values_IsTheMiddleOneOrTheMeanOfTheTwoMiddleOnes(double[] values, double expected) =>
        Assert.Equal(expected, ProofMedians.Median(values));

    [Fact]
    public void Scenario_ThreeRuns_TakesEachFigureMedianAndKeepsEveryRun()
    {
        var runs = new[] { Run(1_000, p99: 30, rss: 120), Run(3_000, p99: 10, rss: 140), Run(2_000, p99: double.PositiveInfinity, rss: 100) };

        var row = ProofMedians.Scenario(runs);

        Assert.Equal(2_000, row.Throughput!.PerSecond);
        Assert.Equal(0.2, row.Throughput.RatioToRaw!.Value, 6);
        Assert.Equal(30, row.Rates.Single().P99Ms);
        Assert.Equal(120, row.PeakRssMb);
        Assert.Equal(0.5, row.Startup!.RatioToSteady);
        Assert.Equal(3, row.Runs!.Count);
    }

    [Fact]
    public void Scenario_RunThatStoppedEarly_MediansEachRateOverTheRunsThatReachedIt()
    {
        var full = Run(2_000, p99: 10, rss: 100);
        var stopped = full with { Rates = [full.Rates[0]] };
        var runs = new[] { full with { Rates = [.. full.Rates, Rate(5_000, 900)] }, stopped, full with { Rates = [.. full.Rates, Rate(5_000, 700)] } };

        var row = ProofMedians.Scenario(runs);

        Assert.Equal([2_000, 5_000], row.Rates.Select(r => r.Offered));
        Assert.Equal(800, row.Rates[1].P99Ms);
    }

    [Fact]
    public void Evaluate_Medians_MarksEachTargetMetMissedOrNotMeasured()
    {
        var report = new ProofReport
        {
            StartedAt = DateTimeOffset.UnixEpoch,
            Machine = new MachineInfo(2, [1, 1, 1], null, "Linux", 1024),
            Versions = new Dictionary<string, string>(),
            Targets = ProofTargets.TwoCores,
            Scenarios =
            [
                Run(4_000, p99: 8, rss: 120) with { Name = ProofChecks.Webhook, Throughput = new ThroughputResult(1, 1, 4_000, 0.4, 0.1, 0.1) },
                Run(3_800, p99: 8, rss: 125) with { Name = ProofChecks.WebhookRecipients },
                Run(3_000, p99: 8, rss: 130) with { Name = ProofChecks.Outbox, Throughput = new ThroughputResult(1, 1, 3_000, 0.2, 0.1, 0.1) },
                Run(4_100, p99: 8, rss: 120) with { Name = ProofChecks.WebhookTwoProcesses, Processes = 2 },
            ],
        };

        var checks = ProofChecks.Evaluate(report);
        bool? Met(string start, string? contains = null) =>
            Assert.Single(checks, c => c.Target.StartsWith(start, StringComparison.Ordinal) && (contains is null || c.Target.Contains(contains, StringComparison.Ordinal))).Met;

        Assert.True(Met("webhook"));
        Assert.False(Met("outbox"));
        Assert.True(Met("recipient"));
        Assert.True(Met("p99"));
        Assert.False(Met("dispatcher"));
        Assert.True(Met("2 dispatchers", "webhook x2"));
        Assert.Null(Met("2 dispatchers", "outbox x2"));
        Assert.Null(Met("operator:"));
    }

    private static ScenarioResult Run(double perSecond, double p99, double rss) => new()
    {
        Name = "webhook",
        Sink = "webhook",
        Processes = 1,
        StatusTracking = true,
        Startup = new StartupResult(1_000, 1, perSecond / 2, 0.5),
        Throughput = new ThroughputResult(20_000, 20_000 / perSecond, perSecond, perSecond / 10_000, 0.3, 0.1),
        Rates = [Rate(2_000, p99)],
        PeakRssMb = rss,
        PeakRssMbPerProcess = [rss],
    };

    private static RateResult Rate(int offered, double p99) => new() { Offered = offered, Messages = offered, Delivered = offered, P50Ms = 1, P95Ms = p99 / 2, P99Ms = p99, MaxMs = p99 };
}
