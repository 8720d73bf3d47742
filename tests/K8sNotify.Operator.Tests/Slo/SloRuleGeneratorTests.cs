using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Slo;

namespace K8sNotify.Operator.Tests.Slo;

public sealed class SloRuleGeneratorTests
{
    [Fact]
    public void Generate_NoSlo_ReturnsNoRulesAndNoError()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.With(null));

        Assert.True(result.IsValid);
        Assert.False(result.HasRules);
    }

    [Fact]
    public void Generate_ThresholdBetweenBuckets_FailsWithBucketListInReason()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard(threshold: "300ms"));

        Assert.False(result.IsValid);
        Assert.False(result.HasRules);
        Assert.Equal(SloReasons.ThresholdNotABucket, result.Error!.Reason);
        Assert.Equal(
            "slo.latency.threshold 300ms is not a histogram bucket; use one of "
            + "5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 500ms, 1s, 2s500ms, 5s, 10s, 30s, 1m, 2m, 5m, 10m",
            result.Error.Message);
    }

    [Theory]
    [InlineData("2s500ms")]
    [InlineData("2500ms")]
    [InlineData("1s")]
    [InlineData("1000ms")]
    [InlineData("10m")]
    public void Generate_ThresholdOnABucketInAnySpelling_IsAccepted(string threshold)
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard(threshold: threshold));

        Assert.True(result.IsValid, result.Error?.Message);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("0")]
    [InlineData("abc")]
    public void Generate_AvailabilityWithoutBudget_FailsAsObjectiveInvalid(string availability)
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.With(new SloSpec { Availability = availability }));

        Assert.Equal(SloReasons.ObjectiveInvalid, result.Error?.Reason);
        Assert.Contains("slo.availability", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12h")]
    [InlineData("30x")]
    [InlineData("1d30s")]
    public void Generate_WindowTooShortOrMalformed_FailsAsWindowInvalid(string window)
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard(window));

        Assert.Equal(SloReasons.WindowInvalid, result.Error?.Reason);
        Assert.Contains(window, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ThirtyDayWindow_RecordsExactlyTheAlertWindowsAndTheSloWindow()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());

        var records = result.Rules.OfType<RecordingRule>().Select(r => r.Record).ToList();

        foreach (var sli in new[] { SloNames.Availability, SloNames.Latency })
        {
            var ratios = records.Where(r => r.StartsWith($"slo:k8snotify_{sli}_errors:ratio_rate", StringComparison.Ordinal))
                .Select(r => r[$"slo:k8snotify_{sli}_errors:ratio_rate".Length..]);
            Assert.Equal(["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"], ratios);
            Assert.Contains(SloNames.Objective(sli), records);
            Assert.Contains(SloNames.ErrorBudgetRemaining(sli), records);
        }
    }

    [Fact]
    public void Generate_SevenDayWindow_ScalesEveryAlertWindowInProportion()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard("7d"));

        var ratios = result.Rules.OfType<RecordingRule>()
            .Select(r => r.Record)
            .Where(r => r.StartsWith("slo:k8snotify_availability_errors:ratio_rate", StringComparison.Ordinal))
            .Select(r => r["slo:k8snotify_availability_errors:ratio_rate".Length..]);

        // 7/30 of 5m, 30m, 1h, 2h, 6h, 1d, 3d in whole minutes (5m × 7/30 = 1.17m rounds to 1m), then the window.
        Assert.Equal(["1m", "7m", "14m", "28m", "1h24m", "5h36m", "16h48m", "7d"], ratios);
    }

    [Fact]
    public void Generate_PageAlert_UsesTheFastPairsWithTheirFactorsAndBudget()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());

        var page = result.Rules.OfType<AlertingRule>().Single(r => r.Alert == SloNames.AvailabilityFastBurnAlert);

        Assert.Contains("slo:k8snotify_availability_errors:ratio_rate1h{channel=\"orders\",namespace=\"shop\"} / 0.001 > 14.4", page.Expr, StringComparison.Ordinal);
        Assert.Contains("slo:k8snotify_availability_errors:ratio_rate5m{channel=\"orders\",namespace=\"shop\"} / 0.001 > 14.4", page.Expr, StringComparison.Ordinal);
        Assert.Contains("slo:k8snotify_availability_errors:ratio_rate6h{channel=\"orders\",namespace=\"shop\"} / 0.001 > 6", page.Expr, StringComparison.Ordinal);
        Assert.Contains("slo:k8snotify_availability_errors:ratio_rate30m{channel=\"orders\",namespace=\"shop\"} / 0.001 > 6", page.Expr, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["severity"] = "page", ["channel"] = "orders", ["namespace"] = "shop", ["slo"] = "availability" },
            page.Labels);
        Assert.Equal(TimeSpan.FromMinutes(2), page.For);
    }

    [Fact]
    public void Generate_TicketAlert_UsesTheSlowPairs()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());

        var ticket = result.Rules.OfType<AlertingRule>().Single(r => r.Alert == SloNames.LatencySlowBurnAlert);

        Assert.Contains("slo:k8snotify_latency_errors:ratio_rate1d{channel=\"orders\",namespace=\"shop\"} / 0.01 > 3", ticket.Expr, StringComparison.Ordinal);
        Assert.Contains("slo:k8snotify_latency_errors:ratio_rate2h{channel=\"orders\",namespace=\"shop\"} / 0.01 > 3", ticket.Expr, StringComparison.Ordinal);
        Assert.Contains("slo:k8snotify_latency_errors:ratio_rate3d{channel=\"orders\",namespace=\"shop\"} / 0.01 > 1", ticket.Expr, StringComparison.Ordinal);
        Assert.Contains("slo:k8snotify_latency_errors:ratio_rate6h{channel=\"orders\",namespace=\"shop\"} / 0.01 > 1", ticket.Expr, StringComparison.Ordinal);
        Assert.Equal("ticket", ticket.Labels["severity"]);
    }

    [Fact]
    public void Generate_LatencySelector_ReadsTheThresholdBucketInBothLeSpellings()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard(threshold: "1s"));

        var rule = result.Rules.OfType<RecordingRule>().Single(r => r.Record == SloNames.ErrorRatio(SloNames.Latency, TimeSpan.FromMinutes(5)));

        Assert.Equal(
            """
            1 - (
              sum by (channel, namespace) (rate(k8snotify_delivery_duration_seconds_bucket{channel="orders",namespace="shop",le=~"1(\\.0)?"}[5m]))
            /
              sum by (channel, namespace) (rate(k8snotify_delivery_duration_seconds_count{channel="orders",namespace="shop"}[5m]))
            )
            """,
            rule.Expr);
    }

    [Fact]
    public void Generate_OnlyAvailability_GeneratesNoLatencyRules()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.With(new SloSpec { Availability = "99.5" }));

        Assert.True(result.HasRules);
        Assert.DoesNotContain(result.Rules, r => r.Expr.Contains("latency", StringComparison.Ordinal) || r.Labels.Values.Contains(SloNames.Latency));
    }

    [Theory]
    [InlineData(null, "https://github.com/k8snotify/k8snotify/blob/main/docs/runbooks/")]
    [InlineData("https://runbooks.example.com/notify/", "https://runbooks.example.com/notify/")]
    public void Generate_EveryAlert_LinksItsRunbookUnderTheBaseUrl(string? baseUrl, string expectedPrefix)
    {
        var channel = SloTestChannels.Standard();
        channel.Spec.Slo!.RunbookBaseUrl = baseUrl;

        var alerts = SloRuleGenerator.Generate(channel).Rules.OfType<AlertingRule>().ToList();

        Assert.Equal(6, alerts.Count);
        Assert.All(alerts, a =>
        {
            Assert.Equal(expectedPrefix + a.Alert + ".md", a.Annotations["runbook_url"]);
            Assert.Contains("summary", a.Annotations.Keys);
            Assert.Contains("description", a.Annotations.Keys);
            Assert.Equal(["channel", "namespace", "severity", "slo"], a.Labels.Keys.Order());
        });
    }
}
