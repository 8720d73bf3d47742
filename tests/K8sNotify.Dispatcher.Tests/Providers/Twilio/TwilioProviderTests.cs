using System.Text;
using K8sNotify.Api.Providers.Twilio;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Providers.Twilio;

public sealed class TwilioProviderTests
{
    internal const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    internal const string AuthToken = "twilio-auth-token-5ecret-0123456789";
    private const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";
    private const string MessagesPath = "/2010-04-01/Accounts/" + AccountSid + "/Messages.json";

    internal static readonly DictionarySecretResolver Secrets = new(new Dictionary<string, string>
    {
        ["twilio/account-sid"] = AccountSid,
        ["twilio/auth-token"] = AuthToken,
    });

    internal static Provider Resource(Uri baseUrl, string? from = "+15005550006", string? messagingServiceSid = null, string? callback = null) =>
        Notifications.Provider("twilio-main", TwilioProviderKind.Instance.NewSpec(new TwilioProviderSpec
            {
                From = from,
                MessagingServiceSid = messagingServiceSid,
                AccountSidSecretRef = new SecretKeyReference { Name = "twilio", Key = "account-sid" },
                AuthTokenSecretRef = new SecretKeyReference { Name = "twilio", Key = "auth-token" },
                BaseUrl = baseUrl.ToString(),
                StatusCallbackUrl = callback,
            }));

    internal static FakeResponse Created() => FakeResponse.Json(201, """
        {"sid":"SM0123456789abcdef0123456789abcdef","account_sid":"AC0123456789abcdef0123456789abcdef","to":"+491701234567","status":"queued","body":"x","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01"}
        """);

    [Fact]
    public async Task SendAsync_FromNumber_PostsDocumentedMessagesRequest()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => Created());
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(
            Resource(server.BaseUrl, callback: "https://status.example.com/twilio"), Secrets);

        var result = await provider.SendAsync(Notifications.Sms("+491701234567", "Your order 42 shipped"), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal("SM0123456789abcdef0123456789abcdef", result.ProviderMessageId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(MessagesPath, request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AccountSid + ":" + AuthToken)), request.Header("Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"), StringComparison.Ordinal);
        var form = request.Form();
        Assert.Equal("+491701234567", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("Your order 42 shipped", form["Body"]);
        Assert.Equal("https://status.example.com/twilio?k8snotify_id=order-42-confirmation", form["StatusCallback"]);
        Assert.False(form.ContainsKey("MessagingServiceSid"));
    }

    [Fact]
    public async Task SendAsync_MessagingService_SendsMessagingServiceSidInsteadOfFrom()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => Created());
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(
            Resource(server.BaseUrl, from: null, messagingServiceSid: MessagingServiceSid), Secrets);

        var result = await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var form = Assert.Single(server.Requests).Form();
        Assert.Equal(MessagingServiceSid, form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
        Assert.False(form.ContainsKey("StatusCallback"));
    }

    [Fact]
    public async Task SendAsync_BaseUrlWithPathPrefix_KeepsPrefix()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => Created());
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(new Uri(server.BaseUrl, "/edge/")), Secrets);

        await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal("/edge" + MessagesPath, Assert.Single(server.Requests).Path);
    }

    [Theory]
    [InlineData(400, 21211, DeliveryStatus.Permanent)]
    [InlineData(400, 21614, DeliveryStatus.Permanent)]
    [InlineData(400, 21610, DeliveryStatus.Permanent)]
    [InlineData(400, 21612, DeliveryStatus.Permanent)]
    [InlineData(400, 21617, DeliveryStatus.Permanent)]
    [InlineData(400, 21408, DeliveryStatus.Misconfigured)]
    [InlineData(400, 21606, DeliveryStatus.Misconfigured)]
    [InlineData(400, 21212, DeliveryStatus.Misconfigured)]
    [InlineData(400, 21703, DeliveryStatus.Misconfigured)]
    [InlineData(401, 20003, DeliveryStatus.Misconfigured)]
    [InlineData(404, 20404, DeliveryStatus.Misconfigured)]
    [InlineData(429, 20429, DeliveryStatus.Transient)]
    [InlineData(503, 20503, DeliveryStatus.Transient)]
    [InlineData(500, 20500, DeliveryStatus.Transient)]
    [InlineData(400, 29999, DeliveryStatus.Permanent)]
    [InlineData(429, 29999, DeliveryStatus.Transient)]
    [InlineData(502, 29999, DeliveryStatus.Transient)]
    public async Task SendAsync_TwilioError_MapsToTable(int status, int code, DeliveryStatus expected)
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Json(status, $$"""
            {"code":{{code}},"message":"error for +491701234567","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}
            """));
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(server.BaseUrl), Secrets);

        var result = await provider.SendAsync(Notifications.Sms("+491701234567"), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("+491701234567", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task SendAsync_ServerErrorWithoutJson_Transient(int status)
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => new FakeResponse(status, "<html>oops</html>", ContentType: "text/html"));
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(server.BaseUrl), Secrets);

        var result = await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_TransientWithRetryAfter()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Json(429, """{"code":20429,"message":"Too Many Requests","status":429}""",
            new Dictionary<string, string> { ["Retry-After"] = "3" }));
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(server.BaseUrl), Secrets);

        var result = await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_TwilioUnreachable_Transient()
    {
        var server = await LoopbackHttpServer.StartAsync();
        var url = server.BaseUrl;
        await server.DisposeAsync();
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(url), Secrets);

        var result = await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.DoesNotContain(AccountSid, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceledAndAbortsRequest()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Hanging);
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(server.BaseUrl), Secrets);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var send = provider.SendAsync(Notifications.Sms(), cts.Token);
        await K8sNotify.TestSupport.Poll.UntilAsync(() => server.Requests.Count == 1, "the request reached the fake", cancellationToken: TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    [Fact]
    public async Task SendAsync_EmptyText_PermanentWithoutRequest()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => Created());
        using var provider = (TwilioProvider)new TwilioProviderFactory(new FakeTimeProvider()).Create(Resource(server.BaseUrl), Secrets);

        var result = await provider.SendAsync(Notifications.Sms(text: ""), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Permanent, result.Status);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Create_BothFromAndMessagingService_Throws()
    {
        var e = Assert.Throws<ProviderConfigurationException>(() => new TwilioProviderFactory(TimeProvider.System)
            .Create(Resource(new Uri("http://127.0.0.1:1"), from: "+15005550006", messagingServiceSid: MessagingServiceSid), Secrets));
        Assert.Contains("messagingServiceSid", e.Message, StringComparison.Ordinal);
    }
}
