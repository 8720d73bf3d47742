using System.Net;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Dispatcher.Tests.Http;

public sealed class HttpEndpointTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task HealthReadinessAndMetrics_AreServed()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        await harness.PublishAsync(DispatcherHarness.Message("m-1"));
        await harness.WaitForStateAsync("m-1", NotificationState.Sent);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz", ct)).StatusCode);
        var metrics = await http.GetStringAsync("/metrics", ct);

        Assert.Contains($"{MetricNames.NotificationsTotal}{{channel=\"{channel.Name}\",namespace=\"default\",provider=\"p\",outcome=\"sent\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"{MetricNames.DeliveryDurationSeconds}_bucket{{channel=\"{channel.Name}\",namespace=\"default\",le=\"0.5\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"{MetricNames.ProviderRequestsTotal}{{provider=\"p\",result=\"{ProviderResults.Accepted}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains(MetricNames.ProviderRequestDurationSeconds, metrics, StringComparison.Ordinal);
        Assert.Contains($"{MetricNames.ConsumerPending}{{channel=\"{channel.Name}\",namespace=\"default\"}}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WithoutNats_IsNotReady()
    {
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        var deadPort = K8sNotify.TestSupport.FreePort.Next();
        await using var harness = await DispatcherHarness.StartAsync($"nats://127.0.0.1:{deadPort}", channel, DispatcherHarness.NewDirectory(), waitReady: false, connectClient: false);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };

        var response = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("NATS", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
    }
}
