using K8sNotify.Api.Observability;
using K8sNotify.Api.Providers.Webhook;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace K8sNotify.Dispatcher.Tests.Routing;

public sealed class ProviderChainRouterTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);
    private static readonly DictionarySecretResolver NoSecrets = new(new Dictionary<string, string>());

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly ProviderMetrics _metrics = new(Metrics.NewCustomRegistry());

    private static Channel Channel(RoutingStrategy strategy, params (string Name, int Weight)[] providers) => new()
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = "hooks", NamespaceProperty = "shop" },
        Spec = new ChannelSpec
        {
            Type = ChannelType.Webhook,
            Strategy = strategy,
            Providers = [.. providers.Select(p => new ChannelProviderReference { Name = p.Name, Weight = p.Weight })],
        },
    };

    private static Provider WebhookResource(string name, Uri server, string timeout = "2s", int maxRetries = 1, string? cost = null, RateLimitSpec? quota = null) =>
        Notifications.Provider(name, WebhookProviderKind.Instance.Configure(new ProviderSpec
        {
            Timeout = timeout,
            Retry = new ProviderRetrySpec { MaxRetries = maxRetries, Backoff = "100ms" },
            CircuitBreaker = new CircuitBreakerSpec { MinimumThroughput = 2, FailureRatio = "0.5", SamplingDuration = "10s", BreakDuration = "30s" },
            CostPerMessage = cost,
            RateLimit = quota,
        }, new WebhookProviderSpec { Url = new Uri(server, "/notify").ToString() }));

    private ProviderChainRouter WebhookRouter(Channel channel, IRateLimitGate? gate, params Provider[] providers) =>
        new DeliveryRouterFactory(new ProviderRegistry([new WebhookProviderFactory(_time)]), _metrics, _time, NullLoggerFactory.Instance, gate).Create(channel, providers, NoSecrets);

    private ProviderChainLink Scripted(string name, int weight = 1, decimal? cost = null, params DeliveryResult?[] script) =>
        new(Notifications.Provider(name, new ProviderSpec { Type = WebhookProviderKind.Instance.Type }),
            new ResilientProvider(new ScriptedProvider(name, script) { Time = _time }, new ProviderResilienceSettings { MaxRetries = 0 }, _time, _metrics, NullLogger<ResilientProvider>.Instance),
            weight,
            cost);

    private ProviderChainRouter Router(RoutingStrategy strategy, IRateLimitGate? gate, Random? random, params ProviderChainLink[] links) =>
        new(Channel(strategy, [.. links.Select(l => (l.Name, l.Weight))]), links, gate, _metrics, NullLogger<ProviderChainRouter>.Instance, random);

    private static int Calls(ProviderChainLink link) => ((ScriptedProvider)link.Sender.Inner).Calls;

    [Fact]
    public async Task DeliverAsync_PrimaryReturns500_SecondaryUsedOneSendTotal()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(500));
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(202));
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), null,
            WebhookResource("primary", primary.BaseUrl, timeout: "10m", maxRetries: 1), WebhookResource("secondary", secondary.BaseUrl)));

        var result = await FakeClock.DriveAsync(_time, router.Value.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken), Step, TimeSpan.FromMinutes(1));

        Assert.Equal(DeliveryStatus.Accepted, result.Final.Status);
        Assert.Equal("secondary", result.Provider);
        Assert.Equal(2, primary.Requests.Count); // the first try and one in-process retry
        Assert.Single(secondary.Requests);
        Assert.Equal(["primary", "secondary"], result.Attempts.Select(a => a.Provider));
        Assert.Equal(DeliveryStatus.Transient, result.Attempts[0].Result.Status);
        Assert.Equal(1, _metrics.RequestCount("secondary", ProviderResults.Accepted));
    }

    [Fact]
    public async Task DeliverAsync_PrimaryTimesOut_SecondaryWithinConfiguredTimeout()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Hanging);
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(200));
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), null,
            WebhookResource("primary", primary.BaseUrl, timeout: "2s"), WebhookResource("secondary", secondary.BaseUrl)));
        var started = _time.GetUtcNow();
        DateTimeOffset? secondaryReached = null;
        secondary.Handler = _ =>
        {
            secondaryReached = _time.GetUtcNow();
            return FakeResponse.Empty(200);
        };

        // The clock stops once the primary's timeout fired, so the secondary's arrival time is the failover time
        // (give or take the step in which the cancellation was still unwinding).
        var result = await FakeClock.DriveAsync(_time, router.Value.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken), Step,
            TimeSpan.FromMinutes(1), advanceWhile: () => _metrics.RequestCount("primary", ProviderResults.Timeout) == 0);

        Assert.Equal(DeliveryStatus.Accepted, result.Final.Status);
        Assert.Equal("secondary", result.Provider);
        Assert.Equal("timed out after 2s", result.Attempts[0].Result.Reason);
        Assert.InRange(secondaryReached!.Value - started, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + (2 * Step));
        Assert.Single(primary.Requests);
    }

    [Fact]
    public async Task DeliverAsync_PrimaryCircuitOpen_PrimaryNotCalledAtAll()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(503));
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(200));
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), null,
            WebhookResource("primary", primary.BaseUrl, maxRetries: 0), WebhookResource("secondary", secondary.BaseUrl)));
        var ct = TestContext.Current.CancellationToken;
        await router.Value.DeliverAsync(Notifications.Webhook("n-1"), ct);
        await router.Value.DeliverAsync(Notifications.Webhook("n-2"), ct);
        Assert.True(router.Value.Links[0].Sender.IsCircuitOpen);
        var primaryRequests = primary.Requests.Count;

        var result = await router.Value.DeliverAsync(Notifications.Webhook("n-3"), ct);

        Assert.Equal(DeliveryStatus.Accepted, result.Final.Status);
        Assert.Equal(primaryRequests, primary.Requests.Count);
        Assert.True(result.Attempts[0].Skipped);
        Assert.Equal("circuit open", result.Attempts[0].Result.Reason);
        Assert.Equal(1, _metrics.RequestCount("primary", ProviderResults.CircuitOpen));
        Assert.Equal(1, _metrics.CircuitStateValue("primary"));
    }

    [Fact]
    public async Task DeliverAsync_PermanentRecipientError_NoFailover()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(422));
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(200));
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), null,
            WebhookResource("primary", primary.BaseUrl), WebhookResource("secondary", secondary.BaseUrl)));

        var result = await router.Value.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Permanent, result.Final.Status);
        Assert.Equal("primary", result.Provider);
        Assert.Single(primary.Requests);
        Assert.Empty(secondary.Requests);
    }

    [Fact]
    public async Task DeliverAsync_AllDown_TransientWithEveryAttempt()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(500));
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(503, new Dictionary<string, string> { ["Retry-After"] = "20" }));
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), null,
            WebhookResource("primary", primary.BaseUrl, maxRetries: 0), WebhookResource("secondary", secondary.BaseUrl, maxRetries: 0)));

        var result = await router.Value.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Final.Status);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Contains("primary: HTTP 500", result.Final.Reason, StringComparison.Ordinal);
        Assert.Contains("secondary: HTTP 503", result.Final.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(20), result.Final.RetryAfter);
    }

    [Fact]
    public async Task DeliverAsync_PrimaryMisconfigured_FailsOverWithoutRetry()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(401));
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(200));
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), null,
            WebhookResource("primary", primary.BaseUrl, maxRetries: 3), WebhookResource("secondary", secondary.BaseUrl)));

        var result = await router.Value.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Final.Status);
        Assert.Single(primary.Requests);
        Assert.Equal(DeliveryStatus.Misconfigured, result.Attempts[0].Result.Status);
    }

    [Fact]
    public async Task DeliverAsync_QuotaExhausted_SkippedToNextProvider()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(200));
        await using var secondary = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(200));
        var gate = new FakeRateLimitGate("primary");
        var quota = new RateLimitSpec { Requests = 1, Period = "1s" };
        using var router = new RouterScope(WebhookRouter(Channel(RoutingStrategy.Failover, ("primary", 1), ("secondary", 1)), gate,
            WebhookResource("primary", primary.BaseUrl, quota: quota), WebhookResource("secondary", secondary.BaseUrl)));

        var result = await router.Value.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal("secondary", result.Provider);
        Assert.Empty(primary.Requests);
        Assert.True(result.Attempts[0].Skipped);
        Assert.Equal(1, gate.ProviderChecks); // the secondary has no quota: no check
        Assert.Equal(1, _metrics.RequestCount("primary", ProviderResults.QuotaExhausted));
    }

    [Fact]
    public async Task DeliverAsync_Weighted_TenThousandSendsSplitByWeight()
    {
        var a = Scripted("a", weight: 1);
        var b = Scripted("b", weight: 3);
        var c = Scripted("c", weight: 6);
        var router = Router(RoutingStrategy.Weighted, null, new Random(20261127), a, b, c);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(DeliveryStatus.Accepted, (await router.DeliverAsync(Notifications.Webhook(), ct)).Final.Status);
        }

        Assert.InRange(Calls(a), 1_000 - 150, 1_000 + 150);
        Assert.InRange(Calls(b), 3_000 - 200, 3_000 + 200);
        Assert.InRange(Calls(c), 6_000 - 200, 6_000 + 200);
        Assert.Equal(10_000, Calls(a) + Calls(b) + Calls(c));
    }

    [Fact]
    public async Task DeliverAsync_WeightedChoiceDown_FailsOverToTheOthers()
    {
        var a = Scripted("a", weight: 9, script: DeliveryResult.Transient("HTTP 500"));
        var b = Scripted("b", weight: 1);
        var zero = Scripted("standby", weight: 0);
        var router = Router(RoutingStrategy.Weighted, null, new Random(7), a, b, zero);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 100; i++)
        {
            var result = await router.DeliverAsync(Notifications.Webhook(), ct);
            Assert.Equal(DeliveryStatus.Accepted, result.Final.Status);
            Assert.Equal("b", result.Provider);
        }

        Assert.Equal(0, Calls(zero));
    }

    [Fact]
    public async Task DeliverAsync_Cheapest_TriesByCostThenFailsOver()
    {
        var dear = Scripted("dear", cost: 0.05m);
        var cheap = Scripted("cheap", cost: 0.0079m, script: DeliveryResult.Transient("HTTP 503"));
        var unpriced = Scripted("unpriced");
        var middle = Scripted("middle", cost: 0.01m);
        var router = Router(RoutingStrategy.Cheapest, null, null, dear, unpriced, cheap, middle);

        var result = await router.DeliverAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal("middle", result.Provider);
        Assert.Equal(["cheap", "middle"], result.Attempts.Select(x => x.Provider));
        Assert.Equal(["cheap", "middle", "dear", "unpriced"], ProviderOrdering.Cheapest([dear, unpriced, cheap, middle]).Select(l => l.Name));
    }

    [Fact]
    public void Create_UnknownProvider_ThrowsNamingIt()
    {
        var e = Assert.Throws<ProviderConfigurationException>(() =>
            WebhookRouter(Channel(RoutingStrategy.Failover, ("missing", 1)), null, WebhookResource("present", new Uri("http://127.0.0.1:1"))));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Disposes the router's providers (their HTTP clients) at the end of a test.</summary>
    private sealed class RouterScope(ProviderChainRouter router) : IDisposable
    {
        public ProviderChainRouter Value { get; } = router;

        public void Dispose()
        {
            foreach (var link in Value.Links)
            {
                link.Sender.Dispose();
            }
        }
    }
}
