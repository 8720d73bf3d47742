using K8sNotify.Dispatcher.Tests.Api;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sNotify.Dispatcher.Tests.Http;

public sealed class RequestLoggingTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task Requests_WithATokenInTheQuery_NeverPutItInTheLog()
    {
        const string secret = "tok-in-the-query-5f1e9c";
        var logs = new CapturingLoggerProvider();
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url, ApiFixture.ApiChannel(), DispatcherHarness.NewDirectory(), s => s.AddSingleton<ILoggerProvider>(logs).AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };
        var ct = TestContext.Current.CancellationToken;

        using var a = await client.GetAsync($"/v1/notifications/some-id?token={secret}", ct);
        using var b = await client.GetAsync($"/healthz?access_token={secret}", ct);
        using var c = await client.PostAsync($"/v1/namespaces/default/channels/{harness.Channel.Name}/notifications?access_token={secret}", new StringContent("{}"), ct);

        await Poll.UntilAsync(() => logs.Entries.Count(e => e.Contains("[4900]", StringComparison.Ordinal)) >= 3, "request lines", cancellationToken: ct);
        Assert.Contains(logs.Entries, e => e.Contains("[4900]", StringComparison.Ordinal) && e.Contains("GET /v1/notifications/some-id answered 401", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(secret, StringComparison.Ordinal));
    }
}
