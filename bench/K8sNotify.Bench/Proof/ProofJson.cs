using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Bench.Proof;

/// <summary>The proof report as indented camelCase JSON; a latency that never arrived is written as "Infinity".</summary>
internal static class ProofJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ProofReport report) => JsonSerializer.Serialize(Round(report), Options);

    public static ProofReport? Deserialize(string json) => JsonSerializer.Deserialize<ProofReport>(json, Options);

    // Three decimals are plenty for milliseconds and rates, and keep the file readable.
    private static ProofReport Round(ProofReport report) => report with
    {
        Scenarios = [.. report.Scenarios.Select(Round)],
        Raw = report.Raw is { } raw ? Round(raw) : null,
        RawRuns = [.. report.RawRuns.Select(Round)],
    };

    private static RawResult Round(RawResult raw) => raw with { Seconds = R(raw.Seconds), PerSecond = R(raw.PerSecond), NatsCpuSecondsPer1000 = R(raw.NatsCpuSecondsPer1000) };

    private static ScenarioResult Round(ScenarioResult s) => s with
    {
        Rates = [.. s.Rates.Select(r => r with
        {
            P50Ms = R(r.P50Ms), P95Ms = R(r.P95Ms), P99Ms = R(r.P99Ms), MaxMs = R(r.MaxMs),
            PublishedPerSecond = R(r.PublishedPerSecond), Seconds = R(r.Seconds), DispatcherCpuSecondsPer1000 = R(r.DispatcherCpuSecondsPer1000),
        })],
        Throughput = s.Throughput is { } t ? t with
        {
            Seconds = R(t.Seconds), PerSecond = R(t.PerSecond), RatioToRaw = t.RatioToRaw is { } ratio ? R(ratio) : null,
            DispatcherCpuSecondsPer1000 = R(t.DispatcherCpuSecondsPer1000), NatsCpuSecondsPer1000 = R(t.NatsCpuSecondsPer1000),
        } : null,
        PeakRssMb = R(s.PeakRssMb),
        PeakRssMbPerProcess = [.. s.PeakRssMbPerProcess.Select(R)],
        SettleSeconds = R(s.SettleSeconds),
        Startup = s.Startup is { } up ? up with { Seconds = R(up.Seconds), PerSecond = R(up.PerSecond), RatioToSteady = up.RatioToSteady is { } u ? R(u) : null } : null,
        Runs = s.Runs is { } runs ? [.. runs.Select(Round)] : null,
    };

    private static double R(double value) => double.IsFinite(value) ? Math.Round(value, 3) : value;
}
