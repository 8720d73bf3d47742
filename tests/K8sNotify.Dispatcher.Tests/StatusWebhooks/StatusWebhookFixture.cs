using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.StatusWebhooks;
using K8sNotify.Dispatcher.Tests.Api;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Tests.StatusWebhooks;

/// <summary>
/// A real nats-server, a loopback receiver for status events that verifies each signature, and two dispatcher replicas
/// of a Channel with a status webhook (so ordering is shown across replicas, not only within one process). The dispatcher runs on a <see cref="FakeTimeProvider"/>, so retry backoff passes only
/// when a test advances it; the receiver answers per notification id with what the test scripted.
/// </summary>
public sealed class StatusWebhookFixture : IAsyncLifetime
{
    public const string SigningKey = "status-hook-signing-key-0123456789";
    public const int MaxAttempts = 3;

    private readonly ConcurrentQueue<ReceivedEvent> _received = new();
    private NatsServer? _nats;
    private DispatcherHarness? _harness;
    private DispatcherHarness? _replica;
    private LoopbackHttpServer? _receiver;
    private ChannelManifests? _channel;
    private Dictionary<string, string?>? _settings;

    /// <summary>Per notification id: the HTTP status to answer for the n-th request (1-based) about it; 200 when absent.</summary>
    public ConcurrentDictionary<string, Func<int, int>> Script { get; } = new(StringComparer.Ordinal);

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    internal DispatcherHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    /// <summary>Failed attempts counted by both replicas.</summary>
    public double FailedAttempts =>
        new[] { _harness, _replica }.OfType<DispatcherHarness>().Sum(h => h.Services.GetRequiredService<StatusWebhookMetrics>().Value("default", h.Channel.Name, StatusWebhookMetrics.Failed));

    internal Support.ScriptedProvider Provider { get; } = new();

    public IReadOnlyList<ReceivedEvent> Received => [.. _received];

    public IReadOnlyList<ReceivedEvent> For(string notificationId) => [.. _received.Where(e => e.NotificationId == notificationId)];

    public async ValueTask InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        _receiver = await LoopbackHttpServer.StartAsync(request =>
        {
            var body = JsonNode.Parse(request.BodyText)!;
            var id = body["notification"]!["id"]!.GetValue<string>();
            var n = requests.AddOrUpdate(id, 1, (_, c) => c + 1);
            var status = Script.TryGetValue(id, out var script) ? script(n) : 200;
            _received.Enqueue(new ReceivedEvent(
                id,
                body["notification"]!["state"]!.GetValue<string>(),
                body["eventId"]!.GetValue<string>(),
                body["revision"]!.GetValue<ulong>(),
                request.Header(StatusWebhookSender.EventIdHeader),
                request.Header(WebhookSignature.IdempotencyKeyHeader),
                WebhookSignature.Verify(Encoding.UTF8.GetBytes(SigningKey), request.Header(WebhookSignature.TimestampHeader) ?? "", request.Body, request.Header(WebhookSignature.DefaultHeader)),
                status));
            return FakeResponse.Empty(status);
        });
        _channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("p", "/unused")],
            ExtraSpecYaml = $"  statusWebhook: {{url: \"{new Uri(_receiver.BaseUrl, "/hooks/status")}\", secretRef: {{name: status-hook, key: signing-key}}}}",
            ExtraYaml = $"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: status-hook
                stringData:
                  signing-key: {SigningKey}
                ---
                {ApiFixture.Secret("api-tokens", "default", "carrier", ApiFixture.Token)}
                """,
            ApiYaml = "{enabled: true, tokensSecretRef: {name: api-tokens}}",
        };
        _settings = new Dictionary<string, string?>
        {
            ["STATUS_WEBHOOK_MAX_ATTEMPTS"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["STATUS_WEBHOOK_BACKOFF"] = "00:00:01",
            ["STATUS_WEBHOOK_MAX_BACKOFF"] = "00:00:04",
            ["STATUS_WEBHOOK_PARTITIONS"] = "4",

            // Real seconds: bounds how long an event handed to a stopping replica waits before redelivery.
            ["STATUS_WEBHOOK_ACK_WAIT"] = "00:00:04",
            ["STATUS_WEBHOOK_TIMEOUT"] = "00:00:02",
        };
        _harness = await StartReplicaAsync();
        _replica = await StartReplicaAsync();
    }

    /// <summary>Stops both replicas (each hands its in-flight event back) and starts a fresh one on the same Channel.</summary>
    public async Task RestartAsync()
    {
        await _replica!.DisposeAsync();
        await _harness!.DisposeAsync();
        _replica = null;
        _harness = await StartReplicaAsync();
    }

    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Harness.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFixture.Token);
        return client;
    }

    private Task<DispatcherHarness> StartReplicaAsync() =>
        DispatcherHarness.StartAsync(
            _nats!.Url,
            _channel!,
            DispatcherHarness.NewDirectory(),
            s =>
            {
                s.AddSingletonProvider(Provider);
                s.AddSingleton<TimeProvider>(Time);
            },
            _settings);

    /// <summary>Polls until <paramref name="condition"/> holds, moving the dispatcher's clock a second per round so pending retries come due.</summary>
    public Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <inheritdoc cref="UntilAsync(Func{bool}, string)"/>
    public Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                Time.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            what);

    /// <summary>Every dead letter of the status webhook so far.</summary>
    public async Task<IReadOnlyList<(NatsHeaders Headers, string Payload)>> DeadLettersAsync()
    {
        Channel resource = Harness.ChannelResource;
        var consumer = await Harness.Js.CreateOrderedConsumerAsync(StatusWebhookNames.DeadLetterStreamName(resource));
        var result = new List<(NatsHeaders, string)>();
        await foreach (var msg in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1000 }))
        {
            result.Add((msg.Headers ?? [], Encoding.UTF8.GetString(msg.Data ?? [])));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_replica is not null)
        {
            await _replica.DisposeAsync();
        }

        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }
    }
}

/// <summary>One status event POST the receiver got, with whether its signature verified and what it answered.</summary>
public sealed record ReceivedEvent(
    string NotificationId, string State, string EventId, ulong Revision, string? EventIdHeader, string? IdempotencyKey, bool SignatureValid, int Answer);
