using System.Globalization;
using K8sNotify.Dispatcher;
using K8sNotify.Dispatcher.Messaging;
using K8sNotify.Dispatcher.Providers.Outbox;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Client.Tests.Support;

/// <summary>
/// A real nats-server and the real dispatcher hosted in-process on loopback, serving one API-enabled Channel whose
/// outbox Provider writes each delivery to a folder; plus a NATS connection for the client under test.
/// </summary>
public sealed class DispatcherFixture : IAsyncLifetime
{
    public const string Token = "client-test-token-0123456789";

    private NatsServer? _nats;
    private WebApplication? _app;
    private string? _directory;

    public NatsConnection Connection { get; private set; } = null!;

    public NatsJSContext Js { get; private set; } = null!;

    public ChannelManifests Channel { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string OutboxDirectory => Path.Combine(_directory!, "outbox");

    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("k8snotify-client-test-").FullName;
        Channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("outbox", Path.Combine(_directory, "outbox"))],
            ApiYaml = "{enabled: true, tokensSecretRef: {name: api-tokens}}",
            ExtraYaml = $"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api-tokens
                stringData:
                  shop: {Token}
                """,
        };
        var manifests = Path.Combine(_directory, "manifests");
        Channel.WriteTo(manifests);
        var port = FreePort.Next();
        var builder = DispatcherHost.CreateBuilder(["--manifests", manifests, "--nats", _nats.Url, "--http-port", port.ToString(CultureInfo.InvariantCulture)]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PIPELINE:RELOAD_INTERVAL"] = "00:00:00.200",
            ["PIPELINE:FETCH_EXPIRY"] = "00:00:01",
        });
        builder.Logging.ClearProviders();
        _app = DispatcherHost.Build(builder);
        await _app.StartAsync();
        var readiness = _app.Services.GetRequiredService<DispatcherReadiness>();
        await Poll.UntilAsync(() => readiness.NotReadyReason() is null, "dispatcher ready");
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Connection = new NatsConnection(NatsOpts.Default with { Url = _nats.Url });
        await Connection.ConnectAsync();
        Js = new NatsJSContext(Connection);
    }

    public K8sNotifyHttpClient HttpClient(string token = Token) => K8sNotifyHttpClient.Create(BaseAddress, token);

    /// <summary>Polls the API until the notification reaches <paramref name="state"/>.</summary>
    public async Task<NotificationStatus> WaitForStateAsync(string id, string state)
    {
        var client = HttpClient();
        NotificationStatus? status = null;
        await Poll.UntilAsync(
            async () => (status = await client.GetStatusAsync(id, TestContext.Current.CancellationToken))?.State == state,
            $"{id} {state} (last: {status?.State ?? "none"})",
            cancellationToken: TestContext.Current.CancellationToken);
        return status!;
    }

    /// <summary>Whether the outbox Provider wrote the notification.</summary>
    public bool Delivered(string id) => File.Exists(OutboxFile(id));

    /// <summary>The file the outbox Provider writes for the notification.</summary>
    public string OutboxFile(string id) => Path.Combine(OutboxDirectory, OutboxProvider.FileName(id));

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
