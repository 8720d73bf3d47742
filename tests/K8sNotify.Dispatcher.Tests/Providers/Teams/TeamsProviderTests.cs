using K8sNotify.Api.Providers.Teams;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Teams;
using K8sNotify.Dispatcher.Tests.Providers.Slack;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Providers.Teams;

/// <summary>The Teams provider against a loopback server answering as a Workflows webhook (202) or a legacy connector (200).</summary>
public sealed class TeamsProviderTests
{
    private const string WebhookPath = "/workflows/abc123/triggers/manual/paths/invoke";

    private static TeamsProvider Provider(LoopbackHttpServer server) => (TeamsProvider)new TeamsProviderFactory(new FakeTimeProvider()).Create(
        Notifications.Provider("teams", TeamsProviderKind.Instance.NewSpec(new() { WebhookUrlSecretRef = new() { Name = "teams", Key = "url" } })),
        new DictionarySecretResolver(new Dictionary<string, string> { ["teams/url"] = new Uri(server.BaseUrl, WebhookPath + "?api-version=2016-06-01&sig=s3cr3tsig").ToString() }));

    [Fact]
    public async Task SendAsync_TextOnly_PostsAMessageWithATextBlockCard()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(202));
        using var provider = Provider(server);

        var result = await provider.SendAsync(SlackProviderTests.Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal(WebhookPath, request.Path);
        Assert.Contains("sig=s3cr3tsig", request.Query, StringComparison.Ordinal);
        var json = request.Json();
        Assert.Equal("message", (string?)json["type"]);
        var attachment = json["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.Equal("AdaptiveCard", (string?)attachment["content"]!["type"]);
        Assert.Equal("Deploy of shop finished", (string?)attachment["content"]!["body"]![0]!["text"]);
    }

    [Fact]
    public async Task SendAsync_CardBody_IsWrappedInAMessage()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(202));
        using var provider = Provider(server);

        var result = await provider.SendAsync(SlackProviderTests.Chat(body: """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"FactSet","facts":[{"title":"env","value":"prod"}]}]}"""), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var card = Assert.Single(server.Requests).Json()["attachments"]![0]!["content"]!;
        Assert.Equal("FactSet", (string?)card["body"]![0]!["type"]);
    }

    [Theory]
    [InlineData(429, DeliveryStatus.Transient)]
    [InlineData(500, DeliveryStatus.Transient)]
    [InlineData(502, DeliveryStatus.Transient)]
    [InlineData(400, DeliveryStatus.Permanent)]
    [InlineData(413, DeliveryStatus.Permanent)]
    [InlineData(401, DeliveryStatus.Misconfigured)]
    [InlineData(403, DeliveryStatus.Misconfigured)]
    [InlineData(404, DeliveryStatus.Misconfigured)]
    public async Task SendAsync_HttpError_IsClassifiedWithoutTheUrl(int status, DeliveryStatus expected)
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Json(status, """{"error":{"code":"TriggerInputSchemaMismatch","message":"sig=s3cr3tsig"}}""", new Dictionary<string, string> { ["Retry-After"] = "12" }));
        using var provider = Provider(server);

        var result = await provider.SendAsync(SlackProviderTests.Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.DoesNotContain("s3cr3tsig", result.Reason, StringComparison.Ordinal);
        if (status == 429)
        {
            Assert.Equal(TimeSpan.FromSeconds(12), result.RetryAfter);
        }
    }

    [Fact]
    public async Task SendAsync_LegacyConnectorThrottledIn200_Transient()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => new FakeResponse(200, "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0", ContentType: "text/plain"));
        using var provider = Provider(server);

        var result = await provider.SendAsync(SlackProviderTests.Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
    }

    [Theory]
    [InlineData("""{"type":"AdaptiveCard",""", "not valid JSON")]
    [InlineData("""[{"type":"TextBlock"}]""", "must be an Adaptive Card")]
    public async Task SendAsync_BodyUnusable_PermanentWithoutARequest(string body, string reason)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var provider = Provider(server);

        var result = await provider.SendAsync(SlackProviderTests.Chat(body: body), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Permanent, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
