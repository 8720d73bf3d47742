using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Api.Providers.Smtp;
using K8sNotify.Api.Providers.Twilio;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Fcm;
using K8sNotify.Dispatcher.Providers.Smtp;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.Tests.Providers.Fcm;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Smtp;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Providers;

/// <summary>
/// Sends through every provider on its success and failure paths (401, 500, 429, timeouts, refused connections,
/// unusable configuration) against fakes that echo the credentials they received back in their error bodies, and
/// fails when any secret value, or any 12-character piece of one, appears in logs, metrics, reasons or exceptions.
/// </summary>
public sealed class SecretHygieneTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    // SMTP runs on the real clock (MailKit has no TimeProvider); a TLS handshake on a loaded CI core can take seconds.
    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TwilioSends_SuccessAndEveryFailure_NeverExposeTheAuthToken()
    {
        var accountSid = "AC" + Guid.NewGuid().ToString("N");
        var authToken = Guid.NewGuid().ToString("N");
        var secrets = new DictionarySecretResolver(new Dictionary<string, string> { ["twilio/account-sid"] = accountSid, ["twilio/auth-token"] = authToken });
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + authToken));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var respond = Created();
        await using var server = await LoopbackHttpServer.StartAsync(request => respond(request));
        using var witness = new SecretWitness();
        var router = witness.Router(new TwilioProviderFactory(time), Twilio(server.BaseUrl), secrets, time);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(DeliveryStatus.Accepted, (await witness.DeliverAsync(router, Notifications.Sms(), ct)).Final.Status);
        foreach (var (status, code) in new[] { (401, 20003), (500, 20500), (429, 20429), (400, 21211), (403, 0) })
        {
            respond = request => FakeResponse.Json(status, new JsonObject
            {
                ["code"] = code,
                ["message"] = "echo: " + request.Header("Authorization") + " " + request.BodyText,
                ["more_info"] = "https://www.twilio.com/docs/errors/" + code,
                ["status"] = status,
            }.ToJsonString());
            await witness.DeliverAsync(router, Notifications.Sms(), ct);
        }

        respond = request => new FakeResponse(502, "<html>bad gateway for " + request.Header("Authorization") + "</html>", ContentType: "text/html");
        await witness.DeliverAsync(router, Notifications.Sms(), ct);

        respond = _ => FakeResponse.Hanging;
        await DeliverTimingOutAsync(witness, router, Notifications.Sms(), server, time, ct);

        witness.ExpectConfigurationError(new TwilioProviderFactory(time), Twilio(server.BaseUrl, from: null), secrets);
        witness.ExpectConfigurationError(new TwilioProviderFactory(time), Twilio(new Uri("http://127.0.0.1:1/")), new DictionarySecretResolver(new Dictionary<string, string> { ["twilio/account-sid"] = accountSid }));
        var closed = witness.Router(new TwilioProviderFactory(time), Twilio(new Uri($"http://127.0.0.1:{ClosedPort()}/")), secrets, time);
        await witness.DeliverAsync(closed, Notifications.Sms(), ct);

        await witness.AssertNoSecretAsync(new Dictionary<string, string> { ["twilio auth token"] = authToken, ["twilio basic credentials"] = basic });

        static Func<RecordedRequest, FakeResponse> Created() => _ => FakeResponse.Json(201, """{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"}""");
    }

    [Fact]
    public async Task FcmSends_SuccessAndEveryFailure_NeverExposeThePrivateKeyOrAccessToken()
    {
        await using var fcm = await FcmFixture.StartAsync();
        var issued = new List<string>();
        fcm.TokenHandler = _ =>
        {
            var token = "ya29." + Guid.NewGuid().ToString("N");
            lock (issued)
            {
                issued.Add(token);
            }

            return FakeResponse.Json(200, $$"""{"access_token":"{{token}}","expires_in":3600,"token_type":"Bearer"}""");
        };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var witness = new SecretWitness();
        var factory = new FcmProviderFactory(time, witness.ProviderMetrics, witness.Loggers);
        var router = witness.Router(factory, WithResilience(fcm.Resource(Timeout)), fcm.Secrets, time);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(DeliveryStatus.Accepted, (await witness.DeliverAsync(router, Notifications.Push(), ct)).Final.Status);
        foreach (var (status, code) in new[] { (401, "UNAUTHENTICATED"), (500, "INTERNAL"), (503, "UNAVAILABLE"), (429, "RESOURCE_EXHAUSTED"), (403, "PERMISSION_DENIED"), (404, "UNREGISTERED") })
        {
            fcm.SendHandler = request => FakeResponse.Json(status, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = status, ["message"] = "echo: " + request.Header("Authorization"), ["status"] = code },
            }.ToJsonString());
            await witness.DeliverAsync(router, Notifications.Push(), ct);
        }

        // The token endpoint refuses the grant, echoing the signed assertion; then it hangs.
        var tokenHandler = fcm.TokenHandler;
        fcm.TokenHandler = request => FakeResponse.Json(400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "echo: " + request.BodyText }.ToJsonString());
        var fresh = witness.Router(factory, WithResilience(fcm.Resource(Timeout)), fcm.Secrets, time);
        await witness.DeliverAsync(fresh, Notifications.Push(), ct);
        fcm.TokenHandler = _ => FakeResponse.Hanging;
        fresh = witness.Router(factory, WithResilience(fcm.Resource(Timeout)), fcm.Secrets, time);
        await DeliverTimingOutAsync(witness, fresh, Notifications.Push(), fcm.Server, time, ct);
        fcm.TokenHandler = tokenHandler;
        fcm.SendHandler = _ => FakeResponse.Hanging;
        await DeliverTimingOutAsync(witness, router, Notifications.Push(), fcm.Server, time, ct);

        // Unusable service-account JSON in several ways, each still carrying the real key.
        var json = JsonNode.Parse(fcm.ServiceAccountJson)!.AsObject();
        var noEmail = json.DeepClone().AsObject();
        noEmail.Remove("client_email");
        var brokenKey = json.DeepClone().AsObject();
        brokenKey["private_key"] = fcm.PrivateKeyPem.Replace("\n", "\n*", StringComparison.Ordinal);
        foreach (var bad in new[] { fcm.ServiceAccountJson[..^40], noEmail.ToJsonString(), brokenKey.ToJsonString(), fcm.PrivateKeyPem })
        {
            var secrets = new DictionarySecretResolver(new Dictionary<string, string> { ["fcm/service-account.json"] = bad });
            witness.ExpectConfigurationError(factory, fcm.Resource(), secrets);
        }

        var leaks = new Dictionary<string, string> { ["fcm private key"] = fcm.PrivateKeyPem };
        lock (issued)
        {
            Assert.True(issued.Count >= 2, "the fake issued fewer access tokens than the scenarios need");
            for (var i = 0; i < issued.Count; i++)
            {
                leaks[$"fcm access token {i + 1}"] = issued[i];
            }
        }

        await witness.AssertNoSecretAsync(leaks);
    }

    [Fact]
    public async Task WebhookSends_SuccessAndEveryFailure_NeverExposeTheHmacKey()
    {
        var key = "whsec-" + Guid.NewGuid().ToString("N");
        var secrets = new DictionarySecretResolver(new Dictionary<string, string> { ["hooks/hmac"] = key });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Func<RecordedRequest, FakeResponse> respond = _ => FakeResponse.Empty(204);
        await using var server = await LoopbackHttpServer.StartAsync(request => respond(request));
        using var witness = new SecretWitness();
        var factory = new WebhookProviderFactory(time);
        var router = witness.Router(factory, WithResilience(Webhook.WebhookProviderTests.Resource(server.BaseUrl)), secrets, time);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(DeliveryStatus.Accepted, (await witness.DeliverAsync(router, Notifications.Webhook(), ct)).Final.Status);
        foreach (var status in new[] { 401, 403, 500, 429, 422, 301 })
        {
            respond = request => FakeResponse.Json(status, "{\"echo\":\"" + request.Header("X-K8sNotify-Signature") + "\"}", new Dictionary<string, string> { ["Location"] = "http://127.0.0.1:1/x" });
            await witness.DeliverAsync(router, Notifications.Webhook(), ct);
        }

        respond = _ => FakeResponse.Hanging;
        await DeliverTimingOutAsync(witness, router, Notifications.Webhook(), server, time, ct);

        var closed = witness.Router(factory, WithResilience(Webhook.WebhookProviderTests.Resource(new Uri($"http://127.0.0.1:{ClosedPort()}/"))), secrets, time);
        await witness.DeliverAsync(closed, Notifications.Webhook(), ct);
        witness.ExpectConfigurationError(factory, Webhook.WebhookProviderTests.Resource(server.BaseUrl), new DictionarySecretResolver(new Dictionary<string, string> { ["hooks/other"] = key }));

        await witness.AssertNoSecretAsync(new Dictionary<string, string> { ["webhook hmac key"] = key });
    }

    [Fact]
    public async Task SmtpSends_SuccessAndEveryFailure_NeverExposeThePassword()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var wrong = "pw-" + Guid.NewGuid().ToString("N");
        var secrets = new DictionarySecretResolver(new Dictionary<string, string> { ["smtp/username"] = "mailer", ["smtp/password"] = password });
        var wrongSecrets = new DictionarySecretResolver(new Dictionary<string, string> { ["smtp/username"] = "mailer", ["smtp/password"] = wrong });
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = "starttls", RequiredLogin = ("mailer", password) });
        await using var rejecting = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = "starttls", RequiredLogin = ("mailer", password), RejectWithCode = 451 });
        var transport = Options.Create(new SmtpTransportOptions
        {
            ServerCertificateValidation = (_, cert, _, _) => sink.TrustsCertificate(cert) || rejecting.TrustsCertificate(cert),
        });
        using var witness = new SecretWitness();
        var factory = new SmtpProviderFactory(transport, TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;

        var router = witness.Router(factory, Smtp(sink.Port), secrets, TimeProvider.System);
        var sent = await witness.DeliverAsync(router, Email(), ct);
        Assert.True(sent.Final.IsAccepted, sent.Final.Reason);
        Assert.Single(sink.Received);

        await witness.DeliverAsync(witness.Router(factory, Smtp(sink.Port), wrongSecrets, TimeProvider.System), Email(), ct);
        await witness.DeliverAsync(witness.Router(factory, Smtp(rejecting.Port), secrets, TimeProvider.System), Email(), ct);
        await witness.DeliverAsync(witness.Router(factory, Smtp(ClosedPort()), secrets, TimeProvider.System), Email(), ct);
        witness.ExpectConfigurationError(factory, Smtp(sink.Port), new DictionarySecretResolver(new Dictionary<string, string> { ["smtp/password"] = password }));

        await witness.AssertNoSecretAsync(new Dictionary<string, string> { ["smtp password"] = password, ["wrong smtp password"] = wrong });
    }

    [Fact]
    public void Fragments_LongValue_CoversEveryTwelveCharacterWindowButNotPemArmour()
    {
        var fragments = SecretWitness.Fragments("-----BEGIN PRIVATE KEY-----\nabcdefghijklmn\n-----END PRIVATE KEY-----").ToList();

        Assert.Contains("abcdefghijkl", fragments);
        Assert.Contains("cdefghijklmn", fragments);
        Assert.DoesNotContain(fragments, f => f.Contains("-----", StringComparison.Ordinal) && f.Length == 12);
    }

    [Fact]
    public async Task AssertNoSecret_PieceOfAKeyInAReason_Fails()
    {
        var key = "whsec-" + Guid.NewGuid().ToString("N");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeResponse.Empty(204));
        using var witness = new SecretWitness();
        var router = witness.Router(
            new WebhookProviderFactory(time),
            WithResilience(Webhook.WebhookProviderTests.Resource(server.BaseUrl)),
            new DictionarySecretResolver(new Dictionary<string, string> { ["hooks/hmac"] = key }),
            time);
        await witness.DeliverAsync(router, Notifications.Webhook(), TestContext.Current.CancellationToken);
        witness.Record(new K8sNotify.Dispatcher.Routing.RoutingResult(DeliveryResult.Permanent("rejected key ending " + key[^14..]), "crm-hook", []));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => witness.AssertNoSecretAsync(new Dictionary<string, string> { ["webhook hmac key"] = key }));

        Assert.Contains("webhook hmac key", failure.Message, StringComparison.Ordinal);
    }

    // A hanging vendor: the request arrives, then the pipeline's timeout (fake time) cancels it.
    private static async Task DeliverTimingOutAsync(SecretWitness witness, K8sNotify.Dispatcher.Routing.ProviderChainRouter router, RenderedNotification notification, LoopbackHttpServer server, FakeTimeProvider time, CancellationToken ct)
    {
        var before = server.Requests.Count;
        var delivery = router.DeliverAsync(notification, ct);
        await Poll.UntilAsync(() => server.Requests.Count > before, "the hanging request arrived", cancellationToken: ct);
        time.Advance(Timeout);
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.Equal(DeliveryStatus.Transient, result.Final.Status);
        witness.Record(result);
    }

    private static Provider WithResilience(Provider provider, TimeSpan? timeout = null)
    {
        // No in-process retries: a retry would wait its backoff on the fake clock, and each failure is sent once here.
        provider.Spec.Timeout = K8sNotify.Api.Conventions.Durations.Format(timeout ?? Timeout);
        provider.Spec.Retry = new ProviderRetrySpec { MaxRetries = 0 };
        provider.Spec.CircuitBreaker = new CircuitBreakerSpec { MinimumThroughput = 1000 };
        return provider;
    }

    private static Provider Twilio(Uri baseUrl, string? from = "+15005550006") => WithResilience(Notifications.Provider("twilio-main", TwilioProviderKind.Instance.NewSpec(new TwilioProviderSpec
        {
            From = from,
            AccountSidSecretRef = new SecretKeyReference { Name = "twilio", Key = "account-sid" },
            AuthTokenSecretRef = new SecretKeyReference { Name = "twilio", Key = "auth-token" },
            BaseUrl = baseUrl.ToString(),
        })));

    private static Provider Smtp(int port) => WithResilience(Notifications.Provider("relay", SmtpProviderKind.Instance.NewSpec(new SmtpProviderSpec
        {
            Host = "127.0.0.1",
            Port = port,
            Tls = SmtpTlsMode.StartTls,
            From = "Shop <noreply@shop.example>",
            UsernameSecretRef = new SecretKeyReference { Name = "smtp", Key = "username" },
            PasswordSecretRef = new SecretKeyReference { Name = "smtp", Key = "password" },
        })), SmtpTimeout);

    private static RenderedNotification Email() => new()
    {
        NotificationId = "mail-1",
        Namespace = "shop",
        Channel = "mail",
        ChannelType = ChannelType.Email,
        Recipient = "ada@example.com",
        Template = "welcome",
        Locale = "en",
        Subject = "Welcome",
        Text = "Hello Ada",
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
