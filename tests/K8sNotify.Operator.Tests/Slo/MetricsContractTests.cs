using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Operator.Slo;
using K8sNotify.TestSupport.Metrics;
using Prometheus;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>The generated rules query only what the <see cref="MetricNames"/> contract says the dispatcher exports.</summary>
public sealed class MetricsContractTests
{
    public static TheoryData<string> Thresholds =>
        [.. MetricNames.DeliveryDurationBuckets.Select(b => Durations.Format(TimeSpan.FromSeconds(b)))];

    [Fact]
    public void Generate_RawSelectors_UseOnlyContractMetricsLabelsAndOutcomes()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        var allowed = new Dictionary<string, IReadOnlyList<string>>
        {
            [MetricNames.NotificationsTotal] = MetricNames.NotificationsTotalLabels,
            [MetricNames.DeliveryDurationSeconds + "_bucket"] = [.. MetricNames.DeliveryDurationLabels, "le"],
            [MetricNames.DeliveryDurationSeconds + "_count"] = MetricNames.DeliveryDurationLabels,
        };

        var raw = result.Rules.SelectMany(r => PromQlSelectors.Extract(r.Expr)).Where(s => !s.IsRecordingRule).ToList();

        Assert.NotEmpty(raw);
        Assert.All(raw, s =>
        {
            Assert.Contains(s.Metric, allowed.Keys);
            Assert.All(s.Matchers, m => Assert.Contains(m.Label, allowed[s.Metric]));
            Assert.All(s.Matchers.Where(m => m.Label == MetricNames.OutcomeLabel), m =>
                Assert.True(Outcomes.All.Any(m.Matches), $"outcome matcher {m.Value} matches no outcome"));
            Assert.Contains(s.Matchers, m => m is { Label: MetricNames.ChannelLabel, Operator: "=", Value: SloTestChannels.Name });
            Assert.Contains(s.Matchers, m => m is { Label: MetricNames.NamespaceLabel, Operator: "=", Value: SloTestChannels.Namespace });
        });
    }

    [Fact]
    public void Generate_AvailabilitySelectors_CountBadOverValidOutcomesOnly()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        var rule = result.Rules.OfType<RecordingRule>().Single(r => r.Record == SloNames.ErrorRatio(SloNames.Availability, TimeSpan.FromMinutes(5)));

        var outcomeMatchers = PromQlSelectors.Extract(rule.Expr).Select(s => s.Matchers.Single(m => m.Label == MetricNames.OutcomeLabel)).ToList();

        var matched = outcomeMatchers.Select(m => Outcomes.All.Where(m.Matches).Order().ToArray()).Distinct(new SequenceComparer()).ToList();
        Assert.Equal(2, matched.Count);
        Assert.Contains(matched, o => o.SequenceEqual(Outcomes.Bad.Order()));
        Assert.Contains(matched, o => o.SequenceEqual(Outcomes.Valid.Order()));
    }

    [Fact]
    public void Generate_EveryRecordingRuleQueried_IsRecordedByTheSameRules()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard("7d"));
        var recorded = result.Rules.OfType<RecordingRule>().Select(r => r.Record).ToHashSet();

        var queried = result.Rules.SelectMany(r => PromQlSelectors.Extract(r.Expr)).Where(s => s.IsRecordingRule).Select(s => s.Metric).ToHashSet();

        Assert.NotEmpty(queried);
        Assert.Subset(recorded, queried);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public async Task PrometheusNetExposition_ThresholdBucket_IsMatchedByTheLatencySelector(string threshold)
    {
        // prometheus-net is what the dispatcher exports with: its le spelling must be what the rules select.
        var scrape = await ScrapeAsync(registry =>
        {
            var factory = Metrics.WithCustomRegistry(registry);
            var histogram = factory.CreateHistogram(MetricNames.DeliveryDurationSeconds, "publish to accepted", new HistogramConfiguration
            {
                LabelNames = [.. MetricNames.DeliveryDurationLabels],
                Buckets = [.. MetricNames.DeliveryDurationBuckets],
            });
            histogram.WithLabels(SloTestChannels.Name, SloTestChannels.Namespace).Observe(0.2);
            var counter = factory.CreateCounter(MetricNames.NotificationsTotal, "outcomes", [.. MetricNames.NotificationsTotalLabels]);
            foreach (var outcome in Outcomes.All)
            {
                counter.WithLabels(SloTestChannels.Name, SloTestChannels.Namespace, "smtp", outcome).Inc();
            }
        });
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard(threshold: threshold));
        Assert.True(result.IsValid, result.Error?.Message);

        var problems = result.Rules
            .SelectMany(r => PromQlSelectors.Extract(r.Expr))
            .Where(s => !s.IsRecordingRule)
            .SelectMany(s => PromQlSelectors.Check(s, scrape))
            .Distinct()
            .ToList();

        Assert.Empty(problems);
        var le = Assert.Single(result.Rules.SelectMany(r => PromQlSelectors.Extract(r.Expr)).SelectMany(s => s.Matchers).Where(m => m.Label == "le").Distinct());
        var bucketSeries = scrape.Where(s => s.Name == MetricNames.DeliveryDurationSeconds + "_bucket").ToList();
        Assert.Single(bucketSeries, s => le.Matches(s.Labels["le"]));
    }

    [Fact]
    public void Check_ScrapeWithoutNamespaceLabelOrFailures_ReportsBoth()
    {
        var scrape = PrometheusTextParser.Parse("""
            # TYPE k8snotify_notifications_total counter
            k8snotify_notifications_total{channel="orders",provider="smtp",outcome="sent"} 3
            """);
        var selector = PromQlSelectors.Extract(
            "rate(k8snotify_notifications_total{channel=\"orders\",namespace=\"shop\",outcome=~\"failed|dead_lettered\"}[5m])").Single();

        var problems = PromQlSelectors.Check(selector, [.. scrape]);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("label namespace is never exported", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no exported outcome value matches", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<MetricSample>> ScrapeAsync(Action<CollectorRegistry> populate)
    {
        var registry = Metrics.NewCustomRegistry();
        populate(registry);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return PrometheusTextParser.Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private sealed class SequenceComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join('|', obj).GetHashCode(StringComparison.Ordinal);
    }
}
