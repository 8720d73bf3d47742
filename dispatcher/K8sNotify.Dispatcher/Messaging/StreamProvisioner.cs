using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.StatusWebhooks;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>
/// Standalone: creates or updates the Channel's JetStream objects as <see cref="ChannelJetStream"/> defines them.
/// Cluster: binds to the stream and consumer the operator created (and only creates the dead-letter and park
/// streams and the buckets when they are missing).
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
            await js.CreateOrUpdateStreamAsync(ChannelJetStream.Stream(channel), cancellationToken).ConfigureAwait(false);
            consumer = await js.CreateOrUpdateConsumerAsync(streamName, ChannelJetStream.Consumer(channel, StandaloneAckWait()), cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateStreamAsync(ChannelJetStream.DeadLetterStream(channel), cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateStreamAsync(ChannelJetStream.ParkStream(channel), cancellationToken).ConfigureAwait(false);
            if (channel.Spec.Digest is not null)
            {
                await js.CreateOrUpdateStreamAsync(ChannelJetStream.DigestStream(channel), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            consumer = await js.GetConsumerAsync(streamName, NatsNames.ConsumerName, cancellationToken).ConfigureAwait(false);
            await EnsureStreamAsync(ChannelJetStream.DeadLetterStream(channel), cancellationToken).ConfigureAwait(false);
            await EnsureStreamAsync(ChannelJetStream.ParkStream(channel), cancellationToken).ConfigureAwait(false);
            if (channel.Spec.Digest is not null)
            {
                await EnsureStreamAsync(ChannelJetStream.DigestStream(channel), cancellationToken).ConfigureAwait(false);
            }
        }

        if (channel.Spec.StatusWebhook is not null)
        {
            await statusWebhooks.EnsureStreamsAsync(channel, cancellationToken).ConfigureAwait(false);
        }

        var statusMaxAge = options.Value.StatusMaxAge;
        var scheduler = await StoreAsync(ChannelJetStream.SchedulerBucket(channel), standalone, cancellationToken).ConfigureAwait(false);

        // The index before the status bucket: the API opens both once it sees the status bucket.
        var index = await StoreAsync(ChannelJetStream.IndexBucket(channel, statusMaxAge), standalone, cancellationToken).ConfigureAwait(false);
        var bucket = await StoreAsync(ChannelJetStream.StatusBucket(channel, statusMaxAge), standalone, cancellationToken).ConfigureAwait(false);
        return new ProvisionedChannel(streamName, consumer, bucket, index) { SchedulerBucket = scheduler };
    }

    // The contract's ack wait unless the deployment asked for another one.
    private TimeSpan? StandaloneAckWait() => options.Value.AckWait == ChannelJetStream.AckWait ? null : options.Value.AckWait;

    private async Task<INatsKVStore> StoreAsync(NatsKVConfig config, bool standalone, CancellationToken cancellationToken)
    {
        if (standalone)
        {
            return await kv.CreateOrUpdateStoreAsync(config, cancellationToken).ConfigureAwait(false);
        }

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

    private async Task EnsureStreamAsync(StreamConfig config, CancellationToken cancellationToken)
    {
        try
        {
            await js.GetStreamAsync(config.Name!, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == JetStreamNotFound)
        {
            await js.CreateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }
}
