using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Tests.Providers.Webhook;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using Prometheus;

namespace K8sNotify.Dispatcher.Tests.Resilience;

/// <summary>A failure the notification caused (a header value it produced) against a real webhook receiver on loopback.</summary>
public sealed class MessageCausedFailureTests
{
    private static readonly DictionarySecretResolver NoSecrets = new(new Dictionary<string, string>());

    [Theory]
    [InlineData("café-1")]
    [InlineData("line\r\nbreak")]
    public async Task SendAsync_IdThatCannotBeAHeader_IsPermanentAndNeverOpensTheCircuit(string badId)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var metrics = new ProviderMetrics(Metrics.NewCustomRegistry());
        var webhook = new WebhookProviderFactory(TimeProvider.System).Create(WebhookProviderTests.Resource(server.BaseUrl, hmac: false), NoSecrets);
        var settings = new ProviderResilienceSettings { MaxRetries = 0, FailureRatio = 0.1, MinimumThroughput = 2, BreakDuration = TimeSpan.FromMinutes(1) };
        using var provider = new ResilientProvider(webhook, settings, TimeProvider.System, metrics, NullLogger<ResilientProvider>.Instance);
        var ct = TestContext.Current.CancellationToken;

        var bad = await provider.SendAsync(Notifications.Webhook() with { NotificationId = badId }, ct);
        var good = new List<DeliveryResult>();
        for (var i = 0; i < 20; i++)
        {
            good.Add(await provider.SendAsync(Notifications.Webhook() with { NotificationId = $"good-{i}" }, ct));
        }

        Assert.Equal(DeliveryStatus.Permanent, bad.Status);
        Assert.Contains("Idempotency-Key header value is not printable ASCII", bad.Reason, StringComparison.Ordinal);
        Assert.All(good, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        Assert.Equal(CircuitState.Closed, provider.CircuitState);
        Assert.Equal(20, server.Requests.Count);
        Assert.Equal(1, metrics.RequestCount(provider.Name, ProviderResults.Permanent));
    }

    [Fact]
    public async Task SendAsync_WebhookWithNonAsciiId_ThrowsMessageContentBeforeSending()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var webhook = (WebhookProvider)new WebhookProviderFactory(TimeProvider.System).Create(WebhookProviderTests.Resource(server.BaseUrl, hmac: false), NoSecrets);

        await Assert.ThrowsAsync<MessageContentException>(() => webhook.SendAsync(Notifications.Webhook() with { NotificationId = "ü" }, TestContext.Current.CancellationToken));
        Assert.Empty(server.Requests);
    }
}
