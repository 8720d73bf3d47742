using System.Security.Cryptography;
using System.Text.Json.Nodes;
using K8sNotify.Api.Providers.Fcm;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Tests.TestDoubles;

namespace K8sNotify.Dispatcher.Tests.Providers.Fcm;

/// <summary>A throwaway service account (fresh RSA key) and a fake Google: token endpoint plus FCM v1 send endpoint on one loopback server.</summary>
public sealed class FcmFixture : IAsyncDisposable
{
    public const string ProjectId = "k8snotify-test";
    public const string ClientEmail = "dispatcher@k8snotify-test.iam.gserviceaccount.com";
    public const string SendPath = "/v1/projects/" + ProjectId + "/messages:send";
    public const string TokenPath = "/token";

    // Generating a 2048-bit key costs up to seconds on a busy CI core; one throwaway key serves every test.
    private static readonly Lazy<RSA> SharedKey = new(() => RSA.Create(2048));

    private int _tokensIssued;

    private FcmFixture(LoopbackHttpServer server, RSA key)
    {
        Server = server;
        Key = key;
        PrivateKeyPem = key.ExportPkcs8PrivateKeyPem();
        ServiceAccountJson = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = ProjectId,
            ["private_key_id"] = "key-1",
            ["private_key"] = PrivateKeyPem,
            ["client_email"] = ClientEmail,
            ["token_uri"] = new Uri(server.BaseUrl, TokenPath).ToString(),
        }.ToJsonString();
        Secrets = new DictionarySecretResolver(new Dictionary<string, string> { ["fcm/service-account.json"] = ServiceAccountJson });
    }

    public LoopbackHttpServer Server { get; }

    public RSA Key { get; }

    public string PrivateKeyPem { get; }

    public string ServiceAccountJson { get; }

    public DictionarySecretResolver Secrets { get; }

    /// <summary>Answers FCM sends; the token endpoint is always the fake Google one unless <see cref="TokenHandler"/> is set.</summary>
    public Func<RecordedRequest, FakeResponse> SendHandler { get; set; } = _ => FakeResponse.Json(200, """{"name":"projects/k8snotify-test/messages/0:1500415314455276%31bd1c9631bd1c96"}""");

    public Func<RecordedRequest, FakeResponse>? TokenHandler { get; set; }

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public static string AccessToken(int n) => $"ya29.fake-access-token-{n}-0123456789";

    public static async Task<FcmFixture> StartAsync()
    {
        var server = await LoopbackHttpServer.StartAsync();
        var fixture = new FcmFixture(server, SharedKey.Value);
        server.Handler = fixture.Handle;
        return fixture;
    }

    public Provider Resource(TimeSpan? timeout = null) => Notifications.Provider("fcm-main", FcmProviderKind.Instance.Configure(new ProviderSpec
    {
        Timeout = timeout is { } t ? K8sNotify.Api.Conventions.Durations.Format(t) : "10s",
    }, new FcmProviderSpec
        {
            ProjectId = ProjectId,
            ServiceAccountSecretRef = new SecretKeyReference { Name = "fcm", Key = "service-account.json" },
            BaseUrl = Server.BaseUrl.ToString(),
        }));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
    }

    private FakeResponse Handle(RecordedRequest request)
    {
        if (request.Path == TokenPath)
        {
            if (TokenHandler is { } custom)
            {
                return custom(request);
            }

            var n = Interlocked.Increment(ref _tokensIssued);
            return FakeResponse.Json(200, $$"""{"access_token":"{{AccessToken(n)}}","expires_in":3600,"token_type":"Bearer"}""");
        }

        return SendHandler(request);
    }
}
