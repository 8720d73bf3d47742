using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Status;
using K8sNotify.TestSupport.Manifests;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>One standalone Channel ("faults", email, default namespace) delivering to an SMTP sink, written as manifests into a temp folder.</summary>
public sealed class FaultChannel : IDisposable
{
    public const string Subject = "faults.notify";
    public const string StatusBucket = "K8SNOTIFY_STATUS_default_faults";
    public const string DeadLetterStream = "K8SNOTIFY_DEFAULT_FAULTS_DLQ";
    public const string Stream = "K8SNOTIFY_DEFAULT_FAULTS";

    /// <summary>Upper bound of one fault test: the polls below end a CI-sized test well before it; the soak needs the room.</summary>
    public const int TestTimeoutMilliseconds = 1_800_000;

    private FaultChannel(string work) => Work = work;

    public string Work { get; }

    public string Manifests => Path.Combine(Work, "manifests");

    /// <summary>How many messages each fault test pushes: small in CI, the soak size of 10,000 with K8SNOTIFY_SOAK=1.</summary>
    public static int Scale(int ci, int soak) => Environment.GetEnvironmentVariable("K8SNOTIFY_SOAK") == "1" ? soak : ci;

    /// <summary>A poll deadline: as given in CI, eight times longer for the 10,000-message soak.</summary>
    public static TimeSpan Deadline(int ciSeconds) => TimeSpan.FromSeconds(Scale(ciSeconds, ciSeconds * 8));

    public static FaultChannel WithSmtp(int smtpPort, int concurrency = 16) =>
        Write(new ChannelManifests
        {
            Name = "faults",
            Subject = Subject,
            MaxAttempts = null,
            Concurrency = concurrency,
            Providers = [ChannelManifests.Smtp("sink", smtpPort, timeout: "10s")],
            TemplateYaml = Template,
        });

    /// <summary>
    /// The same Channel delivering through webhook Providers (<see cref="ChannelManifests.Webhook"/>) in failover order,
    /// redelivering patiently (100 attempts, 200ms..1s), with optional <c>spec.rateLimits</c> (a YAML flow mapping).
    /// </summary>
    public static FaultChannel WithWebhooks(IReadOnlyList<(string Name, string Yaml)> providers, string? rateLimitsYaml = null, int concurrency = 16) =>
        Write(new ChannelManifests
        {
            Name = "faults",
            Subject = Subject,
            MaxAttempts = 100,
            Backoff = "200ms",
            MaxBackoff = "1s",
            Concurrency = concurrency,
            Providers = providers,
            RateLimitsYaml = rateLimitsYaml,
            TemplateYaml = Template,
        });

    /// <summary>A well-formed notification; its id is also in the body (ref=...) so the sink can count copies.</summary>
    public static byte[] Good(string id) =>
        Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"template\":\"welcome\",\"to\":\"ada@example.com\",\"data\":{\"name\":\"Ada\",\"ref\":\"" + id + "\"}}");

    public static async Task PublishAsync(INatsJSContext js, IEnumerable<byte[]> messages, CancellationToken cancellationToken)
    {
        var pending = new List<ValueTask<PubAckResponse>>();
        foreach (var message in messages)
        {
            pending.Add(js.PublishAsync(Subject, message, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken));
            if (pending.Count == 500)
            {
                await DrainAsync(pending).ConfigureAwait(false);
            }
        }

        await DrainAsync(pending).ConfigureAwait(false);
    }

    /// <summary>Every status record of the Channel, by notification id (the KV read directly, as an operator would).</summary>
    /// <remarks>
    /// Bounded: a key listing that never completed once held a test for 15 minutes (its poll deadline is only checked
    /// between reads), so a read that takes too long returns nothing and the poll simply reads again.
    /// </remarks>
    public static async Task<Dictionary<string, StatusRecord>> ReadStatusAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Deadline(15));
        try
        {
            return await ReadStatusOnceAsync(js, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Dictionary<string, StatusRecord>(StringComparer.Ordinal);
        }
    }

    private static async Task<Dictionary<string, StatusRecord>> ReadStatusOnceAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, StatusRecord>(StringComparer.Ordinal);
        INatsKVStore bucket;
        try
        {
            bucket = await new NatsKVContext(js).GetStoreAsync(StatusBucket, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsKVException)
        {
            return records;
        }
        catch (NatsJSApiException)
        {
            return records;
        }

        var keys = new List<string>();
        await foreach (var key in bucket.GetKeysAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            var entry = await bucket.TryGetEntryAsync<byte[]>(key, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (entry.Success && entry.Value.Value is { Length: > 0 } value && StatusJson.Deserialize(value) is { } record)
            {
                records[record.Id] = record;
            }
        }

        return records;
    }

    /// <summary>Dead letters kept by the Channel's dead-letter stream.</summary>
    public static async Task<ulong> DeadLetterCountAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await js.GetStreamAsync(DeadLetterStream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (ulong)stream.Info.State.Messages;
        }
        catch (NatsJSApiException)
        {
            return 0;
        }
    }

    /// <summary>The reason header of every dead letter the Channel's dead-letter stream keeps, in order.</summary>
    public static async Task<List<string>> DeadLetterReasonsAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var count = await DeadLetterCountAsync(js, cancellationToken).ConfigureAwait(false);
        var consumer = await js.CreateOrderedConsumerAsync(DeadLetterStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        await foreach (var msg in consumer.ConsumeAsync<byte[]>(serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            reasons.Add(msg.Headers is { } h && h.TryGetValue(NatsNames.DeadLetterReasonHeader, out var v) ? v.ToString() : string.Empty);
            if ((ulong)reasons.Count >= count)
            {
                break;
            }
        }

        return reasons;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string Template => ChannelManifests.WelcomeTemplate(
        text: "Hello {{ name }}, ref={{ ref }};", html: "<p>Hello <b>{{ name }}</b> ref={{ ref }};</p>", required: "[name, ref]");

    private static FaultChannel Write(ChannelManifests manifests)
    {
        var work = Directory.CreateTempSubdirectory("k8snotify-faults-").FullName;
        manifests.WriteTo(Path.Combine(work, "manifests"));
        return new FaultChannel(work);
    }

    private static async Task DrainAsync(List<ValueTask<PubAckResponse>> pending)
    {
        foreach (var ack in pending)
        {
            (await ack.ConfigureAwait(false)).EnsureSuccess();
        }

        pending.Clear();
    }
}
