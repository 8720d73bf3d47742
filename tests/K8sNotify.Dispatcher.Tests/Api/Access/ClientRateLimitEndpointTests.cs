using System.Net;
using System.Net.Http.Headers;
using K8sNotify.Dispatcher.Tests.Support;

namespace K8sNotify.Dispatcher.Tests.Api.Access;

public sealed class ClientRateLimitEndpointTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task Requests_BeyondTheClientsBurst_Get429WithRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["API_BURST"] = "3", ["API_REQUESTS_PER_SECOND"] = "1" };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, ApiFixture.ApiChannel(), DispatcherHarness.NewDirectory(), settings: settings);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.Token);

        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await client.GetAsync("/v1/notifications/none", ct);
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], codes);
        Assert.True(limited!.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Requests_AcrossEndpointGroups_ShareTheClientsBucketAndGet429Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["API_BURST"] = "2", ["API_REQUESTS_PER_SECOND"] = "1" };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, ApiFixture.ApiChannel(), DispatcherHarness.NewDirectory(), settings: settings);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.Token);

        using var status = await client.GetAsync("/v1/notifications/none", ct);
        using var preferences = await client.GetAsync("/v1/namespaces/default/recipients/ada%40example.com/preferences", ct);
        using var suppressions = await client.GetAsync($"/v1/namespaces/default/channels/{harness.Channel.Name}/suppressions", ct);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, status.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, preferences.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, suppressions.StatusCode);
        Assert.Equal("application/problem+json", suppressions.Content.Headers.ContentType!.MediaType);
        Assert.True(suppressions.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("client shop exceeded its rate limit", await suppressions.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_WithoutToken_AreAnswered401AndNeverLimited()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["API_BURST"] = "1", ["API_REQUESTS_PER_SECOND"] = "1" };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, ApiFixture.ApiChannel(), DispatcherHarness.NewDirectory(), settings: settings);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/v1/notifications/none", ct);
            codes.Add(response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], codes);
    }
}
