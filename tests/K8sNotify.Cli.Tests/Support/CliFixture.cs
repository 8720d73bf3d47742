using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Cli.Tests.Support;

/// <summary>
/// A real nats-server and a real dispatcher (child process) on a manifest folder: one email Channel delivering
/// through a webhook Provider to <see cref="Webhook"/>, one attempt per notification, so a refused recipient is
/// dead-lettered at once.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    private DispatcherChildProcess? _dispatcher;

    public NatsServer Nats { get; private set; } = null!;

    public LoopbackWebhook Webhook { get; private set; } = null!;

    public ChannelManifests Channel { get; private set; } = null!;

    public string ManifestDirectory { get; private set; } = null!;

    /// <summary>The global options that point the CLI at this Channel standalone.</summary>
    public string[] Standalone => ["--manifests", ManifestDirectory, "--channel", Channel.Name, "--nats", Nats.Url];

    public async ValueTask InitializeAsync()
    {
        Nats = await NatsServer.StartAsync();
        Webhook = await LoopbackWebhook.StartAsync();
        Channel = new ChannelManifests
        {
            MaxAttempts = 1,
            Providers = [ChannelManifests.Webhook("hook", Webhook.Url.ToString(), maxRetries: 0, breakDuration: "1s")],
        };
        ManifestDirectory = Channel.WriteTo(Directory.CreateTempSubdirectory("k8snotify-cli-").FullName);
        _dispatcher = await DispatcherChildProcess.StartAsync(ManifestDirectory, Nats.Url);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
        }

        await Webhook.DisposeAsync();
        await Nats.DisposeAsync();
        Directory.Delete(ManifestDirectory, recursive: true);
    }
}

/// <summary>The tests that share one nats-server and dispatcher.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "nats and dispatcher";
}
