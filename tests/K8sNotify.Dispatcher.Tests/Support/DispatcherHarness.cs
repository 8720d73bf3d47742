using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.DeadLetters;
using K8sNotify.Dispatcher.Messaging;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Dispatcher.Status;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Tests.Support;

/// <summary>A dispatcher host running in-process on a test Channel's manifests, plus a NATS client to publish and inspect.</summary>
internal sealed class DispatcherHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private DispatcherHarness(WebApplication app, NatsConnection client, ChannelManifests channel, string directory, int httpPort)
    {
        _app = app;
        Client = client;
        Channel = channel;
        Directory = directory;
        HttpPort = httpPort;
        Js = new NatsJSContext(client);
    }

    public NatsConnection Client { get; }

    public NatsJSContext Js { get; }

    public ChannelManifests Channel { get; }

    /// <summary>The folder of manifests (also the parent of the outbox).</summary>
    public string Directory { get; }

    public int HttpPort { get; }

    public IServiceProvider Services => _app.Services;

    public DispatcherMetrics Metrics => Services.GetRequiredService<DispatcherMetrics>();

    public static async Task<DispatcherHarness> StartAsync(
        string natsUrl,
        ChannelManifests channel,
        string directory,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool waitReady = true,
        bool connectClient = true)
    {
        channel.WriteTo(directory);
        var port = FreePort.Next();
        var builder = DispatcherHost.CreateBuilder(["--manifests", directory, "--nats", natsUrl, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var defaults = new Dictionary<string, string?>
        {
            ["PIPELINE:RELOAD_INTERVAL"] = "00:00:00.200",
            ["PIPELINE:FETCH_EXPIRY"] = "00:00:01",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            defaults[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Logging.ClearProviders();
        configure?.Invoke(builder.Services);
        var app = DispatcherHost.Build(builder);
        await app.StartAsync().ConfigureAwait(false);
        var client = new NatsConnection(NatsOpts.Default with { Url = natsUrl });
        if (connectClient)
        {
            await client.ConnectAsync().ConfigureAwait(false);
        }
        var harness = new DispatcherHarness(app, client, channel, directory, port);
        if (waitReady)
        {
            var readiness = app.Services.GetRequiredService<DispatcherReadiness>();
            await Poll.UntilAsync(() => readiness.NotReadyReason() is null, "dispatcher ready").ConfigureAwait(false);
        }

        return harness;
    }

    public static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("k8snotify-dispatcher-test-").FullName;

    public async Task<PubAckResponse> PublishAsync(string json, string? msgId = null)
    {
        var ack = await Js.PublishAsync(Channel.Subject, Encoding.UTF8.GetBytes(json), opts: msgId is null ? null : new NatsJSPubOpts { MsgId = msgId }).ConfigureAwait(false);
        ack.EnsureSuccess();
        return ack;
    }

    public static string Message(string id, string to = "ada@example.com", string? locale = null, string data = """{"name":"Ada","order":42}""", string? sendAt = null) =>
        $$"""{"id":"{{id}}","template":"welcome","to":"{{to}}"{{(locale is null ? "" : $",\"locale\":\"{locale}\"")}}{{(sendAt is null ? "" : $",\"sendAt\":\"{sendAt}\"")}},"data":{{data}}}""";

    public async Task<StatusRecord?> StatusAsync(string notificationId)
    {
        var kv = new NatsKVContext(Js);
        var store = await kv.GetStoreAsync(NatsNames.StatusBucket(ChannelResource)).ConfigureAwait(false);
        var result = await store.TryGetEntryAsync<byte[]>(StatusKeys.For(notificationId), serializer: NatsRawSerializer<byte[]>.Default).ConfigureAwait(false);
        return result.Success && result.Value.Value is { } bytes ? StatusJson.Deserialize(bytes) : null;
    }

    public Task WaitForStateAsync(string notificationId, NotificationState state, TimeSpan? timeout = null) =>
        Poll.UntilAsync(async () => (await StatusAsync(notificationId).ConfigureAwait(false))?.State == state, $"{notificationId} {state}", timeout);

    /// <summary>Every dead letter of the Channel so far: headers and payload.</summary>
    public async Task<IReadOnlyList<(NatsHeaders Headers, string Payload)>> DeadLettersAsync()
    {
        var consumer = await Js.CreateOrderedConsumerAsync(NatsNames.DeadLetterStreamName(ChannelResource)).ConfigureAwait(false);
        var result = new List<(NatsHeaders, string)>();
        await foreach (var msg in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1000 }).ConfigureAwait(false))
        {
            result.Add((msg.Headers ?? [], Encoding.UTF8.GetString(msg.Data ?? [])));
        }

        return result;
    }

    /// <summary>A pipeline context on the harness's Channel, for driving the processor directly.</summary>
    public async Task<ChannelPipelineContext> CreateContextAsync()
    {
        var kv = new NatsKVContext(Js);
        var bucket = await kv.GetStoreAsync(NatsNames.StatusBucket(ChannelResource)).ConfigureAwait(false);
        return new ChannelPipelineContext(
            Services.GetRequiredService<ChannelRuntimeStore>(),
            ChannelKey.Of(Channel.Namespace, Channel.Name),
            new ChannelStatusStore(bucket, Client, ChannelResource),
            new DeadLetterPublisher(Js, ChannelResource),
            new ParkStore(Js, ChannelResource));
    }

    public K8sNotify.Api.V1Alpha1.Channel ChannelResource =>
        Services.GetRequiredService<ChannelRuntimeStore>().Get(Channel.Namespace, Channel.Name)!.Channel;

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
    }
}
