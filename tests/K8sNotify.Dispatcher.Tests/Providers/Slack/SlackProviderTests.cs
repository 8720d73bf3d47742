using K8sNotify.Api.Providers.Slack;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Slack;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Providers.Slack;

/// <summary>The Slack provider against a loopback server answering as Slack's incoming webhooks and Web API document.</summary>
public sealed class SlackProviderTests
{
    private const string Token = "xoxb-1111-2222-secrettokenvalue";
    private const string WebhookPath = "/services/T0001/B0001/abcdefghijklmnop";

    internal static RenderedNotification Chat(string? text = "Deploy of shop finished", string? body = null) => new()
    {
        NotificationId = "deploy-7",
        Namespace = "ops",
        Channel = "alerts",
        ChannelType = ChannelType.Chat,
        Recipient = "team-shop",
        Template = "deploy-finished",
        Locale = "en",
        Text = text,
        Body = body,
    };

    private static SlackProvider Webhook(LoopbackHttpServer server) => (SlackProvider)new SlackProviderFactory(new FakeTimeProvider()).Create(
        Notifications.Provider("slack-hook", SlackProviderKind.Instance.NewSpec(new SlackProviderSpec { WebhookUrlSecretRef = new() { Name = "slack", Key = "webhook-url" } })),
        new DictionarySecretResolver(new Dictionary<string, string> { ["slack/webhook-url"] = new Uri(server.BaseUrl, WebhookPath).ToString() }));

    private static SlackProvider Bot(LoopbackHttpServer server) => (SlackProvider)new SlackProviderFactory(new FakeTimeProvider()).Create(
        Notifications.Provider("slack-bot", SlackProviderKind.Instance.NewSpec(new SlackProviderSpec
        {
            TokenSecretRef = new() { Name = "slack", Key = "token" },
            Channel = "C0123ABCD",
            BaseUrl = new Uri(server.BaseUrl, "/api").ToString(),
        })),
        new DictionarySecretResolver(new Dictionary<string, string> { ["slack/token"] = Token }));

    [Fact]
    public async Task SendAsync_WebhookWithBlocks_PostsTextAndBlocks()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => new FakeResponse(200, "ok", ContentType: "text/html"));
        using var provider = Webhook(server);

        var result = await provider.SendAsync(Chat(body: """[{"type":"section","text":{"type":"mrkdwn","text":"*shop* is live"}}]"""), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal(WebhookPath, request.Path);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Null(request.Header("Authorization"));
        var json = request.Json();
        Assert.Equal("Deploy of shop finished", (string?)json["text"]);
        Assert.Equal("*shop* is live", (string?)json["blocks"]![0]!["text"]!["text"]);
        Assert.Null(json["channel"]);
    }

    [Theory]
    [InlineData(404, "channel_not_found", DeliveryStatus.Misconfigured)]
    [InlineData(410, "channel_is_archived", DeliveryStatus.Misconfigured)]
    [InlineData(403, "action_prohibited", DeliveryStatus.Misconfigured)]
    [InlineData(404, "no_service", DeliveryStatus.Misconfigured)]
    [InlineData(400, "invalid_payload", DeliveryStatus.Permanent)]
    [InlineData(400, "no_text", DeliveryStatus.Permanent)]
    [InlineData(500, "rollup_error", DeliveryStatus.Transient)]
    [InlineData(503, "", DeliveryStatus.Transient)]
    [InlineData(403, "<html>Forbidden</html>", DeliveryStatus.Misconfigured)]
    public async Task SendAsync_WebhookError_IsClassified(int status, string body, DeliveryStatus expected)
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => new FakeResponse(status, body, ContentType: "text/html"));
        using var provider = Webhook(server);

        var result = await provider.SendAsync(Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.DoesNotContain("services/T0001", result.Reason, StringComparison.Ordinal);
        if (body.StartsWith('<'))
        {
            Assert.DoesNotContain("html", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_WebhookRateLimited_TransientWithRetryAfter()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => new FakeResponse(429, "rate_limited", new Dictionary<string, string> { ["Retry-After"] = "7" }, "text/plain"));
        using var provider = Webhook(server);

        var result = await provider.SendAsync(Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_Bot_CallsChatPostMessageWithBearerTokenAndChannel()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Json(200, """{"ok":true,"channel":"C0123ABCD","ts":"1700000000.000100","message":{"text":"x"}}"""));
        using var provider = Bot(server);

        var result = await provider.SendAsync(Chat(body: """{"blocks":[{"type":"divider"}],"unfurl_links":false}"""), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal("1700000000.000100", result.ProviderMessageId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat.postMessage", request.Path);
        Assert.Equal("Bearer " + Token, request.Header("Authorization"));
        var json = request.Json();
        Assert.Equal("C0123ABCD", (string?)json["channel"]);
        Assert.Equal("Deploy of shop finished", (string?)json["text"]);
        Assert.Equal("divider", (string?)json["blocks"]![0]!["type"]);
        Assert.False((bool)json["unfurl_links"]!);
    }

    [Fact]
    public async Task SendAsync_BotRateLimited_TransientWithRetryAfter()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Json(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = "30" }));
        using var provider = Bot(server);

        var result = await provider.SendAsync(Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
    }

    [Theory]
    [InlineData("ratelimited", DeliveryStatus.Transient)]
    [InlineData("invalid_auth", DeliveryStatus.Misconfigured)]
    [InlineData("not_authed", DeliveryStatus.Misconfigured)]
    [InlineData("token_revoked", DeliveryStatus.Misconfigured)]
    [InlineData("channel_not_found", DeliveryStatus.Misconfigured)]
    [InlineData("not_in_channel", DeliveryStatus.Misconfigured)]
    [InlineData("is_archived", DeliveryStatus.Misconfigured)]
    [InlineData("msg_too_long", DeliveryStatus.Permanent)]
    [InlineData("invalid_blocks", DeliveryStatus.Permanent)]
    [InlineData("internal_error", DeliveryStatus.Transient)]
    [InlineData("something_new", DeliveryStatus.Permanent)]
    public async Task SendAsync_BotError_IsClassifiedWithoutTheToken(string error, DeliveryStatus expected)
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Json(200, $$"""{"ok":false,"error":"{{error}}","warning":"{{Token}}"}"""));
        using var provider = Bot(server);

        var result = await provider.SendAsync(Chat(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.Contains(error, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("secrettoken", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"type":"section",""", "not valid JSON")]
    [InlineData("\"just a string\"", "must be a JSON array of blocks or an object")]
    public async Task SendAsync_BodyUnusable_PermanentWithoutARequest(string body, string reason)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var provider = Bot(server);

        var result = await provider.SendAsync(Chat(body: body), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Permanent, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Create_TokenWithoutChannel_ConfigurationError()
    {
        var resource = Notifications.Provider("slack-bot", SlackProviderKind.Instance.NewSpec(new SlackProviderSpec { TokenSecretRef = new() { Name = "slack", Key = "token" } }));

        var e = Assert.Throws<ProviderConfigurationException>(() => new SlackProviderFactory(TimeProvider.System).Create(resource, new DictionarySecretResolver(new Dictionary<string, string> { ["slack/token"] = Token })));

        Assert.Contains("spec.slack.channel is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WebhookUrlNotAUrl_ConfigurationErrorWithoutTheValue()
    {
        var resource = Notifications.Provider("slack-hook", SlackProviderKind.Instance.NewSpec(new SlackProviderSpec { WebhookUrlSecretRef = new() { Name = "slack", Key = "webhook-url" } }));

        var e = Assert.Throws<ProviderConfigurationException>(() => new SlackProviderFactory(TimeProvider.System).Create(resource, new DictionarySecretResolver(new Dictionary<string, string> { ["slack/webhook-url"] = "hooks-secret-value" })));

        Assert.Contains("spec.slack.webhookUrlSecretRef", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks-secret-value", e.Message, StringComparison.Ordinal);
    }
}
