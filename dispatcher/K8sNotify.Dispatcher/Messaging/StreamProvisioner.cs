using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.StatusWebhooks;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>
/// Standalone: creates or updates the Channel's stream, dead-letter stream, durable consumer and status bucket.
/// Cluster: binds to the stream and consumer the operator created (and only creates the dead-letter stream and
/// status bucket when they are missing).
/// </summary>
public sealed class StreamProvisioner(INatsJSContext js, INatsKVContext kv, IOptions<PipelineOptions> options, StatusWebhookProvisioner statusWebhooks)
{
    private const int JetStreamNotFound = 404;

    public async Task<ProvisionedChannel> ProvisionAsync(Channel channel, bool standalone, CancellationToken cancellationToken)
    {
        var streamName = NatsNames.StreamName(channel);
        INatsJSConsumer consumer;
        if (standalone)
        {
            await js.CreateOrUpdateStreamAsync(ChannelStream(channel), cancellationToken).ConfigureAwait(false);
            consumer = await js.CreateOrUpdateConsumerAsync(streamName, Consumer(), cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateStreamAsync(DeadLetterStream(channel), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            consumer = await js.GetConsumerAsync(streamName, NatsNames.ConsumerName, cancellationToken).ConfigureAwait(false);
            await EnsureExistsAsync(() => js.GetStreamAsync(NatsNames.DeadLetterStreamName(channel), cancellationToken: cancellationToken).AsTask(),
                () => js.CreateStreamAsync(DeadLetterStream(channel), cancellationToken).AsTask()).ConfigureAwait(false);
        }

        if (channel.Spec.StatusWebhook is not null)
        {
            await statusWebhooks.EnsureStreamsAsync(channel, cancellationToken).ConfigureAwait(false);
        }

        // The index before the status bucket: the API opens both once it sees the status bucket.
        var index = standalone
            ? await kv.CreateOrUpdateStoreAsync(IndexBucket(channel), cancellationToken).ConfigureAwait(false)
            : await GetOrCreateStoreAsync(IndexBucket(channel), cancellationToken).ConfigureAwait(false);
        var bucketName = NatsNames.StatusBucket(channel);
        INatsKVStore bucket;
        if (standalone)
        {
            bucket = await kv.CreateOrUpdateStoreAsync(StatusBucket(channel), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                bucket = await kv.GetStoreAsync(bucketName, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsKVException)
            {
                bucket = await kv.CreateStoreAsync(StatusBucket(channel), cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException e) when (e.Error.Code == JetStreamNotFound)
            {
                bucket = await kv.CreateStoreAsync(StatusBucket(channel), cancellationToken).ConfigureAwait(false);
            }
        }

        return new ProvisionedChannel(streamName, consumer, bucket, index);
    }

    /// <summary>The stream of a Channel as the operator would create it; a single local server gets one replica.</summary>
    public static StreamConfig ChannelStream(Channel channel)
    {
        var spec = channel.Spec.Stream ?? new StreamSpec();
        return new StreamConfig(NatsNames.StreamName(channel), channel.Spec.Subjects)
        {
            Retention = spec.Retention switch
            {
                StreamRetention.Limits => StreamConfigRetention.Limits,
                StreamRetention.Interest => StreamConfigRetention.Interest,
                _ => StreamConfigRetention.Workqueue,
            },
            Storage = spec.Storage == StreamStorage.Memory ? StreamConfigStorage.Memory : StreamConfigStorage.File,
            MaxAge = Durations.ParseOrDefault(spec.MaxAge, TimeSpan.FromHours(72)),
            DuplicateWindow = Durations.ParseOrDefault(spec.DuplicateWindow, TimeSpan.FromMinutes(2)),
            MaxMsgs = spec.MaxMessages ?? -1,
            MaxBytes = spec.MaxBytes ?? -1,
            NumReplicas = 1,
        };
    }

    /// <summary>The stream that keeps a Channel's dead letters (limits retention: they stay until someone looks).</summary>
    public static StreamConfig DeadLetterStream(Channel channel) =>
        new(NatsNames.DeadLetterStreamName(channel), [NatsNames.DeadLetterSubject(channel)])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxAge = TimeSpan.FromDays(14),
            DuplicateWindow = TimeSpan.FromMinutes(2),
            NumReplicas = 1,
        };

    /// <summary>The shared durable pull consumer: no filter (the stream only captures the Channel's subjects), explicit acks, unlimited deliveries (the pipeline counts attempts itself).</summary>
    public ConsumerConfig Consumer() =>
        new(NatsNames.ConsumerName)
        {
            DurableName = NatsNames.ConsumerName,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = options.Value.AckWait,
            MaxDeliver = -1,
            MaxAckPending = options.Value.MaxAckPending,
        };

    private NatsKVConfig StatusBucket(Channel channel) =>
        new(NatsNames.StatusBucket(channel))
        {
            History = 1,
            MaxAge = options.Value.StatusMaxAge,
            Storage = NatsKVStorageType.File,
            Description = $"K8sNotify status records of Channel {channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}",
        };

    /// <summary>The provider-message-id index (for delivery receipts): the same retention as the status records.</summary>
    private NatsKVConfig IndexBucket(Channel channel) =>
        new(ProviderMessageIndex.BucketName(channel))
        {
            History = 1,
            MaxAge = options.Value.StatusMaxAge,
            Storage = NatsKVStorageType.File,
            Description = $"K8sNotify provider message ids of Channel {channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}",
        };

    private async Task<INatsKVStore> GetOrCreateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken)
    {
        try
        {
            return await kv.GetStoreAsync(config.Bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsKVException)
        {
            return await kv.CreateStoreAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == JetStreamNotFound)
        {
            return await kv.CreateStoreAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureExistsAsync(Func<Task> get, Func<Task> create)
    {
        try
        {
            await get().ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == JetStreamNotFound)
        {
            await create().ConfigureAwait(false);
        }
    }
}
