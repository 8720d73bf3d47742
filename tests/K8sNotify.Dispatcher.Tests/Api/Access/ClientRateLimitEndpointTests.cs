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
}
