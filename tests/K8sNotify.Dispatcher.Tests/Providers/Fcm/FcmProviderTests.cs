using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Api.Providers.Fcm;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Fcm;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace K8sNotify.Dispatcher.Tests.Providers.Fcm;

public sealed class FcmProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static FcmProvider Create(FcmFixture fcm, TimeProvider time, ProviderMetrics? metrics = null) =>
        (FcmProvider)new FcmProviderFactory(time, metrics ?? new ProviderMetrics(Metrics.NewCustomRegistry()), NullLoggerFactory.Instance).Create(fcm.Resource(), fcm.Secrets);

    [Fact]
    public async Task SendAsync_Accepted_UsesJwtBearerGrantAndPostsV1Message()
    {
        await using var fcm = await FcmFixture.StartAsync();
        using var provider = Create(fcm, new FakeTimeProvider(Now));
        var options = new PushOptions
        {
            Android = new JsonObject { ["ttl"] = "3600s" },
            Apns = new JsonObject { ["headers"] = new JsonObject { ["apns-priority"] = "10" } },
            Webpush = new JsonObject { ["fcm_options"] = new JsonObject { ["link"] = "https://shop.example.com/orders/42" } },
        };

        var result = await provider.SendAsync(Notifications.Push("device-token-1", options), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal("projects/k8snotify-test/messages/0:1500415314455276%31bd1c9631bd1c96", result.ProviderMessageId);

        var tokenRequest = Assert.Single(fcm.Server.Requests, r => r.Path == FcmFixture.TokenPath);
        Assert.Equal("POST", tokenRequest.Method);
        var form = tokenRequest.Form();
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var claims = VerifiedJwtClaims(form["assertion"], fcm.Key);
        Assert.Equal(FcmFixture.ClientEmail, (string?)claims["iss"]);
        Assert.Equal("https://www.googleapis.com/auth/firebase.messaging", (string?)claims["scope"]);
        // Google signs every assertion for its own token audience, whatever token_uri the request goes to.
        Assert.Equal("https://oauth2.googleapis.com/token", (string?)claims["aud"]);
        Assert.Equal(Now.ToUnixTimeSeconds(), (long?)claims["iat"]);

        var send = Assert.Single(fcm.Server.Requests, r => r.Path == FcmFixture.SendPath);
        Assert.Equal("POST", send.Method);
        Assert.Equal("Bearer " + FcmFixture.AccessToken(1), send.Header("Authorization"));
        Assert.StartsWith("application/json", send.Header("Content-Type"), StringComparison.Ordinal);
        var message = send.Json()["message"]!;
        Assert.Equal("device-token-1", (string?)message["token"]);
        Assert.Equal("Bestellung 42", (string?)message["notification"]!["title"]);
        Assert.Equal("ist unterwegs", (string?)message["notification"]!["body"]);
        Assert.Equal("42", (string?)message["data"]!["order"]);
        Assert.Equal("orders", (string?)message["data"]!["screen"]);
        Assert.Equal("3600s", (string?)message["android"]!["ttl"]);
        Assert.Equal("10", (string?)message["apns"]!["headers"]!["apns-priority"]);
        Assert.Equal("https://shop.example.com/orders/42", (string?)message["webpush"]!["fcm_options"]!["link"]);
    }

    [Fact]
    public async Task SendAsync_HighPriority_SetsAndroidPriority()
    {
        await using var fcm = await FcmFixture.StartAsync();
        using var provider = Create(fcm, new FakeTimeProvider(Now));

        await provider.SendAsync(Notifications.Push() with { Priority = "high" }, TestContext.Current.CancellationToken);

        var message = Assert.Single(fcm.Server.Requests, r => r.Path == FcmFixture.SendPath).Json()["message"]!;
        Assert.Equal("high", (string?)message["android"]!["priority"]);
    }

    [Fact]
    public async Task SendAsync_TokenCachedUntilShortlyBeforeExpiry()
    {
        await using var fcm = await FcmFixture.StartAsync();
        var time = new FakeTimeProvider(Now);
        using var provider = Create(fcm, time);
        var ct = TestContext.Current.CancellationToken;

        await provider.SendAsync(Notifications.Push(), ct);
        await provider.SendAsync(Notifications.Push(), ct);
        time.Advance(TimeSpan.FromMinutes(54));
        await provider.SendAsync(Notifications.Push(), ct);
        Assert.Equal(1, fcm.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(2)); // 56 min: inside the 5 minute margin before the 60 minute expiry
        await provider.SendAsync(Notifications.Push(), ct);

        Assert.Equal(2, fcm.TokensIssued);
        var sends = fcm.Server.Requests.Where(r => r.Path == FcmFixture.SendPath).ToList();
        Assert.Equal("Bearer " + FcmFixture.AccessToken(2), sends[^1].Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_Unauthenticated_DropsCachedTokenAndGetsNewOne()
    {
        await using var fcm = await FcmFixture.StartAsync();
        using var provider = Create(fcm, new FakeTimeProvider(Now));
        var ct = TestContext.Current.CancellationToken;
        fcm.SendHandler = _ => FakeResponse.Json(401, """{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""");

        var first = await provider.SendAsync(Notifications.Push(), ct);
        fcm.SendHandler = _ => FakeResponse.Json(200, """{"name":"projects/k8snotify-test/messages/1"}""");
        var second = await provider.SendAsync(Notifications.Push(), ct);

        Assert.Equal(DeliveryStatus.Transient, first.Status);
        Assert.Equal(DeliveryStatus.Accepted, second.Status);
        Assert.Equal(2, fcm.TokensIssued);
    }

    public static TheoryData<int, string, DeliveryStatus, bool> ErrorTable => new()
    {
        { 404, """{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}""", DeliveryStatus.Permanent, true },
        { 400, """{"error":{"code":400,"message":"The registration token is not a valid FCM registration token","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"},{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}]}}""", DeliveryStatus.Permanent, true },
        { 400, """{"error":{"code":400,"message":"Invalid value at 'message.data[0].value'","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"}]}}""", DeliveryStatus.Permanent, false },
        { 403, """{"error":{"code":403,"message":"SenderId mismatch","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"SENDER_ID_MISMATCH"}]}}""", DeliveryStatus.Permanent, true },
        { 403, """{"error":{"code":403,"message":"Permission denied","status":"PERMISSION_DENIED"}}""", DeliveryStatus.Misconfigured, false },
        { 401, """{"error":{"code":401,"message":"Auth error from APNS or Web Push Service","status":"UNAUTHENTICATED","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"THIRD_PARTY_AUTH_ERROR"}]}}""", DeliveryStatus.Misconfigured, false },
        { 429, """{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"QUOTA_EXCEEDED"}]}}""", DeliveryStatus.Transient, false },
        { 503, """{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNAVAILABLE"}]}}""", DeliveryStatus.Transient, false },
        { 500, """{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INTERNAL"}]}}""", DeliveryStatus.Transient, false },
        { 502, "<html>bad gateway</html>", DeliveryStatus.Transient, false },
        { 404, """{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}""", DeliveryStatus.Misconfigured, false },
    };

    [Theory]
    [MemberData(nameof(ErrorTable))]
    public async Task SendAsync_FcmError_MapsToTableAndCountsInvalidTokens(int status, string body, DeliveryStatus expected, bool invalidToken)
    {
        await using var fcm = await FcmFixture.StartAsync();
        fcm.SendHandler = _ => FakeResponse.Json(status, body);
        var metrics = new ProviderMetrics(Metrics.NewCustomRegistry());
        using var provider = Create(fcm, new FakeTimeProvider(Now), metrics);

        var result = await provider.SendAsync(Notifications.Push(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.Equal(invalidToken ? 1 : 0, metrics.InvalidTokenCount("fcm-main"));
    }

    [Theory]
    [InlineData(429, "QUOTA_EXCEEDED", "RESOURCE_EXHAUSTED")]
    [InlineData(503, "UNAVAILABLE", "UNAVAILABLE")]
    public async Task SendAsync_RetryAfterHeader_Honoured(int status, string errorCode, string rpcStatus)
    {
        await using var fcm = await FcmFixture.StartAsync();
        fcm.SendHandler = _ => FakeResponse.Json(status, $$$"""{"error":{"code":{{{status}}},"status":"{{{rpcStatus}}}","details":[{"errorCode":"{{{errorCode}}}"}]}}""",
            new Dictionary<string, string> { ["Retry-After"] = "12" });
        using var provider = Create(fcm, new FakeTimeProvider(Now));

        var result = await provider.SendAsync(Notifications.Push(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(12), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_TokenEndpointRejectsKey_MisconfiguredWithoutSend()
    {
        await using var fcm = await FcmFixture.StartAsync();
        fcm.TokenHandler = _ => FakeResponse.Json(400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
        using var provider = Create(fcm, new FakeTimeProvider(Now));

        var result = await provider.SendAsync(Notifications.Push(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Misconfigured, result.Status);
        Assert.Contains("invalid_grant", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, fcm.Server.Count(FcmFixture.SendPath));
    }

    [Fact]
    public async Task SendAsync_TokenEndpointUnavailable_Transient()
    {
        await using var fcm = await FcmFixture.StartAsync();
        fcm.TokenHandler = _ => FakeResponse.Json(503, """{"error":"temporarily_unavailable"}""");
        using var provider = Create(fcm, new FakeTimeProvider(Now));

        var result = await provider.SendAsync(Notifications.Push(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
    }

    [Fact]
    public void Create_NotAServiceAccount_ThrowsWithoutQuotingTheJson()
    {
        var secrets = new DictionarySecretResolver(new Dictionary<string, string> { ["fcm/service-account.json"] = """{"type":"authorized_user","refresh_token":"1//very-secret"}""" });
        var resource = Notifications.Provider("fcm-main", FcmProviderKind.Instance.NewSpec(new FcmProviderSpec { ProjectId = FcmFixture.ProjectId, ServiceAccountSecretRef = new SecretKeyReference { Name = "fcm", Key = "service-account.json" } }));

        var e = Assert.Throws<ProviderConfigurationException>(() =>
            new FcmProviderFactory(TimeProvider.System, new ProviderMetrics(Metrics.NewCustomRegistry()), NullLoggerFactory.Instance).Create(resource, secrets));

        Assert.Contains("service_account", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Checks the RS256 signature of a JWT against the service account's public key and returns its claims.</summary>
    private static JsonNode VerifiedJwtClaims(string jwt, RSA key)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Base64Url(parts[0]))!;
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal("key-1", (string?)header["kid"]);
        var valid = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(valid, "the assertion is not signed by the service account key");
        return JsonNode.Parse(Base64Url(parts[1]))!;
    }

    private static byte[] Base64Url(string value) => Convert.FromBase64String(
        value.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (value.Length % 4)) % 4));
}
