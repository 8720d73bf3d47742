using System.Net.Http.Headers;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Dispatcher.Tests.Api;

/// <summary>
/// A real nats-server and one dispatcher on a loopback port with two API-enabled Channels: the test Channel in
/// namespace <c>default</c> (token <see cref="Token"/>) and one in <c>team-b</c> (token <see cref="OtherToken"/>).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string Token = "tok-default-0123456789";
    public const string OtherToken = "tok-team-b-9876543210";
    public const string OtherNamespace = "team-b";
    public const string OtherChannel = "orders-b";

    private NatsServer? _nats;
    private DispatcherHarness? _harness;

    internal ScriptedProvider Provider { get; } = new();

    internal DispatcherHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    public string NatsUrl => _nats!.Url;

    public Uri BaseAddress => new($"http://127.0.0.1:{Harness.HttpPort}");

    public string ChannelName => Harness.Channel.Name;

    public string SubmitPath => $"/v1/namespaces/default/channels/{ChannelName}/notifications";

    public static string Secret(string name, string @namespace, string client, string token) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          namespace: {@namespace}
        stringData:
          {client}: {token}
        """;

    internal static ChannelManifests ApiChannel(string? extraYaml = null) => new()
    {
        Providers = [ChannelManifests.Outbox("p", "/unused")],
        Backoff = "200ms",
        MaxBackoff = "400ms",
        ApiYaml = "{enabled: true, tokensSecretRef: {name: api-tokens}}",
        ExtraYaml = Secret("api-tokens", "default", "shop", Token) + "\n---\n" + extraYaml,
    };

    public async ValueTask InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        var otherTemplate = ChannelManifests.DefaultTemplate.Replace("  name: welcome", $"  name: welcome\n  namespace: {OtherNamespace}", StringComparison.Ordinal);
        var extra = $"""
            {Secret("api-tokens-b", OtherNamespace, "billing", OtherToken)}
            ---
            {otherTemplate}
            ---
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Provider
            metadata:
              name: p
              namespace: {OtherNamespace}
            spec:
              type: outbox
              outbox:
                directory: /unused
            ---
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Channel
            metadata:
              name: {OtherChannel}
              namespace: {OtherNamespace}
            spec:
              type: email
              subjects: ["test.{OtherChannel}.>"]
              templates: [welcome]
              providers:
                - name: p
              api: {"{"}enabled: true, tokensSecretRef: {"{"}name: api-tokens-b{"}"}{"}"}
            """;
        _harness = await DispatcherHarness.StartAsync(_nats.Url, ApiChannel(extra), DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(Provider));
    }

    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }
    }
}
