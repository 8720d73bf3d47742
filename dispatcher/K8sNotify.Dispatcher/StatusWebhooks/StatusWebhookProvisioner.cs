using K8sNotify.Api.V1Alpha1;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>
/// Creates (or updates) a Channel's status-event stream, its dead-letter stream and one durable consumer per ordering
/// partition. The dispatcher owns these in both modes, like the message dead-letter stream; the event stream exists before
/// the Channel's pipeline writes its first status, so no transition is published into the void.
/// </summary>
public sealed class StatusWebhookProvisioner(INatsJSContext js, IOptions<StatusWebhookOptions> options)
{
    public async Task EnsureStreamsAsync(Channel channel, CancellationToken cancellationToken)
    {
        await js.CreateOrUpdateStreamAsync(EventStream(channel, options.Value), cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateStreamAsync(DeadLetterStream(channel), cancellationToken).ConfigureAwait(false);
    }

    public async Task<INatsJSConsumer> EnsureConsumerAsync(Channel channel, int partition, CancellationToken cancellationToken) =>
        await js.CreateOrUpdateConsumerAsync(StatusWebhookNames.StreamName(channel), PartitionConsumer(channel, partition, options.Value), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The queue of status events: work-queue retention (an event is gone once delivered or dead-lettered), file storage
    /// (survives restarts of dispatchers and of the server), bounded by count and age with the oldest discarded first.
    /// </summary>
    public static StreamConfig EventStream(Channel channel, StatusWebhookOptions options) =>
        new(StatusWebhookNames.StreamName(channel), [StatusWebhookNames.Subjects(channel)])
        {
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            Discard = StreamConfigDiscard.Old,
            MaxMsgs = options.MaxPending,
            MaxAge = options.MaxAge,
            DuplicateWindow = TimeSpan.FromMinutes(2),
            NumReplicas = 1,
        };

    public static StreamConfig DeadLetterStream(Channel channel) =>
        new(StatusWebhookNames.DeadLetterStreamName(channel), [StatusWebhookNames.DeadLetterSubject(channel)])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxAge = TimeSpan.FromDays(14),
            DuplicateWindow = TimeSpan.FromMinutes(2),
            NumReplicas = 1,
        };

    /// <summary>One partition's consumer: one event in flight at a time (max ack pending 1) across all replicas, which is what keeps a notification's events in order.</summary>
    public static ConsumerConfig PartitionConsumer(Channel channel, int partition, StatusWebhookOptions options) =>
        new(StatusWebhookNames.ConsumerName(partition))
        {
            DurableName = StatusWebhookNames.ConsumerName(partition),
            FilterSubject = StatusWebhookNames.Subject(channel, partition),
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = options.AckWait,
            MaxDeliver = -1,
            MaxAckPending = 1,
        };
}
