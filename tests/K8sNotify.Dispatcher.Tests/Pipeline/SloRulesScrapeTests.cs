using K8sNotify.Api.Observability;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Operator.Slo;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Metrics;
using k8s.Models;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

/// <summary>
/// The metrics contract end to end: a running dispatcher's /metrics, after real deliveries through NATS, carries every
/// series and label the operator's generated SLO rules query (docs/architecture.md, "Metrics and SLOs").
/// </summary>
public sealed class SloRulesScrapeTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task Scrape_AfterSentFailedAndInvalidDeliveries_HasEverySeriesAndLabelTheSloRulesQuery()
    {
        var provider = new ScriptedProvider
        {
            Script = (n, _) => n.NotificationId.StartsWith("bad-", StringComparison.Ordinal) ? DeliveryResult.Permanent("550 no such user") : null,
        };
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync(DispatcherHarness.Message("ok-1"));
        await harness.PublishAsync(DispatcherHarness.Message("ok-2"));
        await harness.PublishAsync(DispatcherHarness.Message("bad-1"));
        await harness.PublishAsync("""{"id":"broken-1","template":""");
        await harness.WaitForStateAsync("ok-1", NotificationState.Sent);
        await harness.WaitForStateAsync("ok-2", NotificationState.Sent);
        await harness.WaitForStateAsync("bad-1", NotificationState.Failed);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };
        IReadOnlyList<MetricSample> scrape = [];
        await Poll.UntilAsync(
            async () =>
            {
                scrape = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken));
                return scrape.Any(s => s.Name == MetricNames.NotificationsTotal && s.Labels[MetricNames.OutcomeLabel] == Outcomes.Invalid);
            },
            "the undecodable message counted as invalid",
            cancellationToken: TestContext.Current.CancellationToken);

        var rules = SloRuleGenerator.Generate(WithSlo(channel));
        Assert.True(rules.IsValid, rules.Error?.Message);
        var selectors = rules.Rules.SelectMany(r => PromQlSelectors.Extract(r.Expr)).Where(s => !s.IsRecordingRule).ToList();
        var problems = selectors.SelectMany(s => PromQlSelectors.Check(s, [.. scrape])).Distinct().ToList();

        Assert.NotEmpty(selectors);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Contains(selectors, s => s.Metric == MetricNames.DeliveryDurationSeconds + "_bucket");
        Assert.Contains(scrape, s => s.Name == MetricNames.NotificationsTotal && s.Labels[MetricNames.OutcomeLabel] == Outcomes.Failed
            && s.Labels[MetricNames.ChannelLabel] == channel.Name && s.Value == 1);
    }

    // The Channel as the rules see it: same name and namespace as the one the dispatcher runs, with the standard SLO (99.9% available, 99% under 500ms, 30d).
    private static Channel WithSlo(ChannelManifests channel) => new()
    {
        Metadata = new V1ObjectMeta { Name = channel.Name, NamespaceProperty = channel.Namespace },
        Spec = new ChannelSpec
        {
            Slo = new SloSpec
            {
                Availability = "99.9",
                Latency = new LatencyObjective { Threshold = "500ms", Objective = "99" },
                Window = "30d",
            },
        },
    };
}
