using System.Globalization;

namespace K8sNotify.Bench.Proof;

/// <summary>Compares the medians of a report with its targets: one line per target, met, missed or not measured.</summary>
internal static class ProofChecks
{
    public const string Outbox = "outbox";
    public const string Webhook = "webhook";
    public const string WebhookRecipients = "webhook+recipients";
    public const string OutboxTwoProcesses = "outbox x2";
    public const string WebhookTwoProcesses = "webhook x2";

    public static IReadOnlyList<TargetCheck> Evaluate(ProofReport report)
    {
        var t = report.Targets;
        var rows = report.Scenarios.ToDictionary(s => s.Name, StringComparer.Ordinal);
        double? Rate(string name) => rows.TryGetValue(name, out var s) ? s.Throughput?.PerSecond : null;
        double? RatioToRaw(string name) => rows.TryGetValue(name, out var s) ? s.Throughput?.RatioToRaw : null;

        var checks = new List<TargetCheck>
        {
            AtLeast(Invariant($"webhook >= {t.WebhookMinRatioToRaw:P0} of raw"), RatioToRaw(Webhook), t.WebhookMinRatioToRaw, Percent),
            AtLeast(Invariant($"outbox >= {t.OutboxMinRatioToRaw:P0} of raw"), RatioToRaw(Outbox), t.OutboxMinRatioToRaw, Percent),
            AtLeast(Invariant($"2 dispatchers >= {t.TwoProcessesMinRatio:0.##}x 1 (webhook x2 / webhook)"), Ratio(Rate(WebhookTwoProcesses), Rate(Webhook)), t.TwoProcessesMinRatio, v => Invariant($"{v:0.00}x")),
            AtLeast(Invariant($"2 dispatchers >= {t.TwoProcessesMinRatio:0.##}x 1 (outbox x2 / outbox)"), Ratio(Rate(OutboxTwoProcesses), Rate(Outbox)), t.TwoProcessesMinRatio, v => Invariant($"{v:0.00}x")),
            AtMost(Invariant($"recipient lookups cost <= {t.RecipientsMaxCost:P0} of webhook"), Ratio(Rate(WebhookRecipients), Rate(Webhook)) is { } kept ? 1 - kept : null, t.RecipientsMaxCost, Percent),
            AtMost(Invariant($"p99 <= {t.MaxP99MsAt2000:0} ms at 2,000/s (webhook)"), P99At2000(rows, Webhook), t.MaxP99MsAt2000, v => Invariant($"{v:0.0} ms")),
            AtMost(Invariant($"dispatcher RSS <= {t.MaxRssMb:0} MB (Deployment settings)"), rows.Values.Where(s => s.Processes == 1 && s.PeakRssMb > 0).Select(s => (double?)s.PeakRssMb).Max(), t.MaxRssMb, v => Invariant($"{v:0} MB (largest single-process row)")),
            AtLeast(Invariant($"first 1,000 messages >= {t.StartupMinRatio:P0} of steady (webhook)"), rows.TryGetValue(Webhook, out var w) ? w.Startup?.RatioToSteady : null, t.StartupMinRatio, Percent),
        };
        var op = report.Operator is { Error: null } o ? o : null;
        checks.Add(AtMost(Invariant($"operator: {t.OperatorChannels:N0} Channels Ready <= {t.OperatorMaxSeconds:0} s"), op?.Channels == t.OperatorChannels ? op.ReadySeconds : null, t.OperatorMaxSeconds, v => Invariant($"{v:0.0} s")));
        checks.Add(AtMost(Invariant($"operator peak RSS <= {t.OperatorMaxPeakRssMb:0} MiB"), op?.PeakRssMiB, t.OperatorMaxPeakRssMb, v => Invariant($"{v:0} MiB ({op!.Channels:N0} Channels)")));
        return checks;
    }

    private static double? P99At2000(Dictionary<string, ScenarioResult> rows, string name) =>
        rows.TryGetValue(name, out var s) && s.Rates.FirstOrDefault(r => r.Offered == 2_000) is { } r ? r.P99Ms : null;

    private static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;

    private static TargetCheck AtLeast(string target, double? measured, double bound, Func<double, string> format) =>
        measured is { } m ? new TargetCheck(target, format(m), m >= bound) : new TargetCheck(target, "not measured", null);

    private static TargetCheck AtMost(string target, double? measured, double bound, Func<double, string> format) =>
        measured is { } m ? new TargetCheck(target, format(m), m <= bound) : new TargetCheck(target, "not measured", null);

    private static string Percent(double value) => value.ToString("P0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
