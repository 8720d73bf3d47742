using System.Xml.Linq;
using K8sNotify.Bench.Proof;

namespace K8sNotify.FaultInjection.Tests.Proof;

/// <summary>The proof bench's pure parts: percentiles, the JSON report and the SVG chart (the bench itself is not run in CI).</summary>
public sealed class ProofReportWritersTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Summarise_MissingSamples_CountAsInfinitelyLate()
    {
        var (p50, p95, p99, max) = LatencySummary.Summarise(Enumerable.Range(1, 99).Select(i => (double)i), missing: 1);

        Assert.Equal(50, p50);
        Assert.Equal(95, p95);
        Assert.Equal(99, p99);
        Assert.Equal(double.PositiveInfinity, max);
    }

    [Fact]
    public void Render_TwoScenarios_DrawsP50AndP99LinesAndOneMarkerPerPoint()
    {
        var svg = XDocument.Parse(ProofChart.Render(Report()));

        var lines = svg.Descendants(Svg + "polyline").ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(2, lines.Count(l => l.Attribute("stroke-dasharray") is not null));
        Assert.Equal(12, svg.Descendants(Svg + "circle").Count());
        // The one saturated point, once on its p50 line and once on its p99 line.
        Assert.Equal(2, svg.Descendants(Svg + "circle").Count(c => (string?)c.Attribute("fill") == "white"));
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("outbox", texts);
        Assert.Contains("webhook & <co>", texts);
        Assert.DoesNotContain("NaN", svg.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LostLatencyAndNoScenarios_StaysValidSvg()
    {
        var lost = Report() with { Scenarios = [Scenario("lost", p99: double.PositiveInfinity)] };

        var svg = XDocument.Parse(ProofChart.Render(lost));
        var empty = XDocument.Parse(ProofChart.Render(Report() with { Scenarios = [] }));

        Assert.Single(svg.Descendants(Svg + "polyline"));
        Assert.DoesNotContain("Infinity", svg.ToString(), StringComparison.Ordinal);
        Assert.Contains(empty.Descendants(Svg + "text"), t => t.Value == "no latency measured");
    }

    [Fact]
    public void Serialize_Report_RoundTripsWithLoadAverageAndInfinity()
    {
        var report = Report() with { Scenarios = [Scenario("lost", p99: double.PositiveInfinity)] };

        var json = ProofJson.Serialize(report);
        var back = ProofJson.Deserialize(json)!;

        Assert.Contains("\"loadAverageStart\"", json, StringComparison.Ordinal);
        Assert.Equal([3.5, 2.25, 1], back.Machine.LoadAverageStart);
        Assert.Equal(double.PositiveInfinity, back.Scenarios[0].Rates[0].P99Ms);
        Assert.Equal(1.235, back.Scenarios[0].Rates[1].P50Ms);
        Assert.Equal(4_000, back.Raw!.PerSecond);
    }

    private static ProofReport Report() => new()
    {
        StartedAt = new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero),
        Machine = new MachineInfo(2, [3.5, 2.25, 1], [1, 1, 1], "Linux", 1024),
        Versions = new Dictionary<string, string> { ["nats-server"] = "v2.9.10" },
        Targets = ProofTargets.TwoCores,
        Raw = new RawResult(1_000, 0.25, 4_000, 0.1),
        Scenarios = [Scenario("outbox"), Scenario("webhook & <co>", saturatedAt: 5_000)],
    };

    private static ScenarioResult Scenario(string name, double p99 = 20, int? saturatedAt = null) => new()
    {
        Name = name,
        Sink = "outbox",
        Processes = 1,
        StatusTracking = true,
        Throughput = new ThroughputResult(1_000, 1, 1_000, 0.25, 0.5, 0.1),
        Rates =
        [
            new RateResult { Offered = 500, Messages = 500, Delivered = 500, P50Ms = 1, P95Ms = 2, P99Ms = p99, MaxMs = p99 },
            new RateResult { Offered = 2_000, Messages = 2_000, Delivered = 2_000, P50Ms = 1.23456, P95Ms = 3, P99Ms = p99 * 2, MaxMs = p99 * 2 },
            new RateResult { Offered = 5_000, Messages = 5_000, Delivered = 5_000, P50Ms = 5, P95Ms = 50, P99Ms = p99 * 10, MaxMs = p99 * 10, Saturated = saturatedAt == 5_000 },
        ],
    };
}
