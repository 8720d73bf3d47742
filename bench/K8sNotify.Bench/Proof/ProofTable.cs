using System.Globalization;
using System.Text;

namespace K8sNotify.Bench.Proof;

/// <summary>The console table of a proof run: one line per scenario with its throughput, then one per offered rate with the latency percentiles.</summary>
internal static class ProofTable
{
    public static string Render(ProofReport report)
    {
        var text = new StringBuilder();
        var t = report.Targets;
        Line(text, $"raw JetStream consume+ack: {(report.Raw is { } raw ? $"{raw.PerSecond:N0} msg/s ({raw.Messages:N0} messages in {raw.Seconds:0.00} s)" : "not measured")}");
        Line(text, $"medians of {report.Repeats} run(s) per row; dispatcher environment: {string.Join(" ", report.DispatcherEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        Line(text, "");
        Line(text, $"{"scenario",-18} {"notif/s",9} {"% raw",6} {"start",6} {"CPU s/1k",9} {"nats s/1k",9} {"RSS MB",7} | {"offered/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"deliv",7}");
        Line(text, new string('-', 132));
        foreach (var s in report.Scenarios)
        {
            var start = s.Startup?.RatioToSteady is { } startup ? startup.ToString("P0", CultureInfo.InvariantCulture) : "-";
            var head = s.Throughput is { } tp
                ? $"{s.Name,-18} {tp.PerSecond,9:N0} {(tp.RatioToRaw is { } ratio ? ratio.ToString("P0", CultureInfo.InvariantCulture) : "-"),6} {start,6} {tp.DispatcherCpuSecondsPer1000,9:0.000} {tp.NatsCpuSecondsPer1000,9:0.000} {s.PeakRssMb,7:0}"
                : $"{s.Name,-18} {"-",9} {"-",6} {start,6} {"-",9} {"-",9} {s.PeakRssMb,7:0}";
            if (s.Rates.Count == 0)
            {
                Line(text, $"{head} | {s.Error ?? "no latency run"}");
                continue;
            }

            for (var i = 0; i < s.Rates.Count; i++)
            {
                var r = s.Rates[i];
                var prefix = i == 0 ? head : new string(' ', head.Length);
                Line(text, $"{prefix} | {r.Offered,9:N0} {Ms(r.P50Ms),8} {Ms(r.P95Ms),8} {Ms(r.P99Ms),8} {Ms(r.MaxMs),8} {(r.Delivered == r.Messages ? "all" : $"{r.Delivered}/{r.Messages}"),7}{(r.Saturated ? "  saturated" : "")}");
            }

            if (s.Error is not null)
            {
                Line(text, $"{new string(' ', head.Length)} | error: {s.Error}");
            }
        }

        var memory = report.Scenarios.Where(s => s.RssAtEndMb is not null).ToList();
        if (memory.Count > 0)
        {
            Line(text, "");
            Line(text, "dispatcher resident set at the end (first process), MB: anonymous (heap, runtime, jitted code) / file-backed (assemblies) / shared (W^X code)");
            foreach (var s in memory)
            {
                var r = s.RssAtEndMb!;
                Line(text, $"  {s.Name,-18} {r.Anonymous,6:0} / {r.File,4:0} / {r.Shared,4:0}");
            }
        }

        if (report.Operator is { } op)
        {
            Line(text, "");
            Line(text, op.Error is null
                ? $"operator: {op.Channels:N0} Channels Ready in {op.ReadySeconds:0.0} s, peak RSS {op.PeakRssMiB:0} MiB, {op.ApiRequestsPerChannel:0.0} API requests per Channel, {op.CpuSeconds:0.0} s CPU; a shared Template edit rolled in {op.TemplateRollSeconds:0.00} s"
                : $"operator: {op.Channels:N0} Channels: {op.Error}");
        }

        Line(text, "");
        Line(text, "targets (2 cores, status tracking on):");
        foreach (var check in report.Checks)
        {
            Line(text, $"  {(check.Met switch { true => "met   ", false => "MISSED", null => "-     " })} {check.Target,-58} {check.Measured}");
        }

        return text.ToString();
    }

    private static string Ms(double ms) => double.IsFinite(ms) ? ms.ToString(ms >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) : "lost";

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
