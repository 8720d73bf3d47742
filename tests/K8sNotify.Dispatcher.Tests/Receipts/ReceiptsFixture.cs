using System.Globalization;
using System.Net.Http.Headers;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Api;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Dispatcher.Tests.Receipts;

/// <summary>
/// A real nats-server, a loopback fake of the Twilio Messages API, and one dispatcher with an API-enabled SMS Channel whose
/// Twilio Provider asks for status callbacks at a public URL (<see cref="PublicCallback"/>, behind an imagined Ingress).
/// </summary>
public sealed class ReceiptsFixture : IAsyncLifetime
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "twilio-auth-token-5ecret-0123456789";
    public const string PublicCallback = "https://notify.example.com/v1/receipts/twilio";
    public const string Recipient = "+491701234567";

    /// <summary>K8SNOTIFY_PUBLIC_BASE_URL: an Ingress that strips a path prefix before the request reaches the pod.</summary>
    public const string PublicBaseUrl = "https://gateway.example.org/notify";

    private int _sids;
    private NatsServer? _nats;
    private DispatcherHarness? _harness;
    private LoopbackHttpServer? _twilio;

    internal DispatcherHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    public LoopbackHttpServer Twilio => _twilio ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        _twilio = await LoopbackHttpServer.StartAsync(_ =>
        {
            var sid = "SM" + Interlocked.Increment(ref _sids).ToString("x32", CultureInfo.InvariantCulture);
            return FakeResponse.Json(201, $$"""
                {"sid":"{{sid}}","account_sid":"{{AccountSid}}","to":"{{Recipient}}","status":"queued","body":"x","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01"}
                """);
        });
        var provider = $"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Provider
            metadata:
              name: sms
            spec:
              type: twilio
              timeout: 5s
              twilio:
                from: "+15005550006"
                accountSidSecretRef: {"{"}name: twilio, key: account-sid{"}"}
                authTokenSecretRef: {"{"}name: twilio, key: auth-token{"}"}
                baseUrl: "{_twilio.BaseUrl}"
                statusCallbackUrl: "{PublicCallback}"
            """;
        var secrets = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: twilio
            stringData:
              account-sid: {AccountSid}
              auth-token: {AuthToken}
            ---
            {ApiFixture.Secret("api-tokens", "default", "carrier", ApiFixture.Token)}
            """;
        var channel = new ChannelManifests
        {
            Type = "sms",
            TemplateYaml = """
                apiVersion: notify.k8snotify.io/v1alpha1
                kind: Template
                metadata:
                  name: welcome
                spec:
                  channelType: sms
                  defaultLocale: en
                  locales:
                    en:
                      text: "Hello {{ name }}"
                """,
            Providers = [("sms", provider)],
            ApiYaml = "{enabled: true, tokensSecretRef: {name: api-tokens}}",
            ExtraYaml = secrets,
        };
        _harness = await DispatcherHarness.StartAsync(
            _nats.Url, channel, DispatcherHarness.NewDirectory(), settings: new Dictionary<string, string?> { ["PUBLIC_BASE_URL"] = PublicBaseUrl });
    }

    public HttpClient Client(string? token = ApiFixture.Token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Harness.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Publishes an SMS notification, waits until Twilio accepted it, and returns the StatusCallback URL and MessageSid Twilio got.</summary>
    public async Task<(string Callback, string MessageSid)> SendAsync(string id)
    {
        await Harness.PublishAsync(DispatcherHarness.Message(id, to: Recipient));
        await Harness.WaitForStateAsync(id, NotificationState.Sent);
        var record = await Harness.StatusAsync(id);
        var request = Twilio.Requests.Single(r => r.Form()["StatusCallback"].EndsWith("=" + StatusKeys.For(id), StringComparison.Ordinal));
        return (request.Form()["StatusCallback"], record!.ProviderMessageId!);
    }

    /// <summary>The parameters Twilio posts to a status callback (its documented set for SMS).</summary>
    public static Dictionary<string, string> CallbackForm(string messageSid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = "+15005550006",
            ["MessageSid"] = messageSid,
            ["MessageStatus"] = status,
            ["SmsSid"] = messageSid,
            ["SmsStatus"] = status,
            ["To"] = Recipient,
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        return form;
    }

    /// <summary>POSTs a status callback to the dispatcher the way Twilio would after calling <paramref name="callback"/> (its path and query reach the pod unchanged).</summary>
    public async Task<HttpResponseMessage> PostCallbackAsync(string callback, IReadOnlyDictionary<string, string> form, string? signature, CancellationToken cancellationToken)
    {
        using var client = Client(token: null);
        var uri = new Uri(callback);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri.PathAndQuery) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add(TwilioSignature.Header, signature);
        }

        return await client.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_twilio is not null)
        {
            await _twilio.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }
    }
}
