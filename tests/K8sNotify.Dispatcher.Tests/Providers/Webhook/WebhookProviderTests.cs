using System.Text;
using K8sNotify.Api.Providers.Webhook;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Providers.Webhook;

public sealed class WebhookProviderTests
{
    private const string Key = "whsec-test-signing-key-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static readonly DictionarySecretResolver Secrets = new(new Dictionary<string, string> { ["hooks/hmac"] = Key });

    internal static Provider Resource(Uri url, bool hmac = true, Dictionary<string, string>? headers = null) => Notifications.Provider("crm-hook", WebhookProviderKind.Instance.NewSpec(new WebhookProviderSpec
        {
            Url = new Uri(url, "/hooks/notify").ToString(),
            Hmac = hmac ? new WebhookHmacSpec { SecretRef = new SecretKeyReference { Name = "hooks", Key = "hmac" } } : null,
            Headers = headers,
        }));

    [Fact]
    public async Task SendAsync_Accepted_PostsSignedJsonWithIdempotencyKey()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var time = new FakeTimeProvider(Now);
        using var provider = (WebhookProvider)new WebhookProviderFactory(time).Create(Resource(server.BaseUrl, headers: new() { ["X-Team"] = "payments" }), Secrets);

        var result = await provider.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/notify", request.Path);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("order-42-confirmation", request.Header("Idempotency-Key"));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("X-K8sNotify-Timestamp"));
        Assert.Equal("payments", request.Header("X-Team"));
        Assert.True(ReceiverVerifies(request), "the receiver could not verify the signature");
        var signed = Encoding.UTF8.GetBytes(request.Header("X-K8sNotify-Timestamp") + "." + request.BodyText);
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), signed));
        Assert.Equal(expected, request.Header("X-K8sNotify-Signature"));

        var json = request.Json();
        Assert.Equal("order-42-confirmation", (string?)json["id"]);
        Assert.Equal("hooks", (string?)json["channel"]);
        Assert.Equal("shop", (string?)json["namespace"]);
        Assert.Equal("order-confirmation", (string?)json["template"]);
        Assert.Equal("en", (string?)json["locale"]);
        Assert.Equal("crm", (string?)json["recipient"]);
        Assert.Equal("Order 42", (string?)json["subject"]);
        Assert.Equal("Thanks for your order", (string?)json["text"]);
        Assert.Equal("42", (string?)json["data"]!["order"]);
        Assert.Null(json["html"]);
    }

    [Fact]
    public async Task SendAsync_TamperedBody_ReceiverRejectsSignature()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var provider = (WebhookProvider)new WebhookProviderFactory(new FakeTimeProvider(Now)).Create(Resource(server.BaseUrl), Secrets);

        await provider.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        var tampered = request with { Body = Encoding.UTF8.GetBytes(request.BodyText.Replace("42", "43", StringComparison.Ordinal)) };
        Assert.False(ReceiverVerifies(tampered));
        Assert.False(WebhookSignature.Verify(Encoding.UTF8.GetBytes("another key"), request.Header("X-K8sNotify-Timestamp")!, request.Body, request.Header("X-K8sNotify-Signature")));
    }

    [Fact]
    public async Task SendAsync_WithoutHmac_SendsNoSignature()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var provider = (WebhookProvider)new WebhookProviderFactory(new FakeTimeProvider(Now)).Create(Resource(server.BaseUrl, hmac: false), Secrets);

        await provider.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Null(request.Header("X-K8sNotify-Signature"));
        Assert.Equal("order-42-confirmation", request.Header("Idempotency-Key"));
    }

    [Theory]
    [InlineData(200, DeliveryStatus.Accepted)]
    [InlineData(202, DeliveryStatus.Accepted)]
    [InlineData(204, DeliveryStatus.Accepted)]
    [InlineData(301, DeliveryStatus.Misconfigured)]
    [InlineData(400, DeliveryStatus.Permanent)]
    [InlineData(401, DeliveryStatus.Misconfigured)]
    [InlineData(403, DeliveryStatus.Misconfigured)]
    [InlineData(404, DeliveryStatus.Permanent)]
    [InlineData(408, DeliveryStatus.Transient)]
    [InlineData(410, DeliveryStatus.Permanent)]
    [InlineData(422, DeliveryStatus.Permanent)]
    [InlineData(429, DeliveryStatus.Transient)]
    [InlineData(500, DeliveryStatus.Transient)]
    [InlineData(502, DeliveryStatus.Transient)]
    [InlineData(503, DeliveryStatus.Transient)]
    [InlineData(504, DeliveryStatus.Transient)]
    public async Task SendAsync_ResponseStatus_MapsToTable(int status, DeliveryStatus expected)
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(status));
        using var provider = (WebhookProvider)new WebhookProviderFactory(new FakeTimeProvider(Now)).Create(Resource(server.BaseUrl), Secrets);

        var result = await provider.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_TransientWithRetryAfter()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(429, new Dictionary<string, string> { ["Retry-After"] = "7" }));
        using var provider = (WebhookProvider)new WebhookProviderFactory(new FakeTimeProvider(Now)).Create(Resource(server.BaseUrl), Secrets);

        var result = await provider.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_ReceiverDown_Transient()
    {
        var server = await LoopbackHttpServer.StartAsync();
        var url = server.BaseUrl;
        await server.DisposeAsync();
        using var provider = (WebhookProvider)new WebhookProviderFactory(new FakeTimeProvider(Now)).Create(Resource(url), Secrets);

        var result = await provider.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Contains("connection failed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HeaderOverridesIdempotencyKey_ThrowsNamingField()
    {
        var e = Assert.Throws<ProviderConfigurationException>(() =>
            new WebhookProviderFactory(TimeProvider.System).Create(Resource(new Uri("http://127.0.0.1:1"), headers: new() { ["Idempotency-Key"] = "x" }), Secrets));
        Assert.Contains("spec.webhook.headers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingSigningSecret_ThrowsNamingSecret()
    {
        var e = Assert.Throws<ProviderConfigurationException>(() =>
            new WebhookProviderFactory(TimeProvider.System).Create(Resource(new Uri("http://127.0.0.1:1")), new DictionarySecretResolver(new Dictionary<string, string>())));
        Assert.Contains("spec.webhook.hmac.secretRef", e.Message, StringComparison.Ordinal);
        Assert.Contains("hooks/hmac", e.Message, StringComparison.Ordinal);
    }

    /// <summary>What a receiver does: recompute HMAC-SHA256(key, "timestamp.body") and compare with the header.</summary>
    private static bool ReceiverVerifies(RecordedRequest request) =>
        WebhookSignature.Verify(Encoding.UTF8.GetBytes(Key), request.Header("X-K8sNotify-Timestamp")!, request.Body, request.Header("X-K8sNotify-Signature"));
}
