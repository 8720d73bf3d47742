using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Api.Contract;

/// <summary>
/// The JetStream objects of a Channel, defined once for whoever creates them (the operator in a cluster, the
/// dispatcher standalone): the work stream and its consumer, the dead-letter stream, the park stream, the status,
/// provider-message-id and scheduler buckets.
/// </summary>
public static class ChannelJetStream
{
    /// <summary>
    /// How long a dispatcher may hold a message before JetStream redelivers it; dispatchers send a progress ack every
    /// half of it while a message is worked on, so only a dead dispatcher's messages are redelivered.
    /// </summary>
    public static readonly TimeSpan AckWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Deliveries of one message: unlimited. Attempts are counted by the pipeline in the status record; a waiting
    /// notification is parked outside the consumer, so a delivery limit would only strand messages.
    /// </summary>
    public const long MaxDeliver = -1;

    /// <summary>How long dead letters are kept for inspection and replay.</summary>
    public static readonly TimeSpan DeadLetterMaxAge = TimeSpan.FromDays(14);

    /// <summary>Window in which the park and dead-letter streams discard a repeated Nats-Msg-Id.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(2);

    /// <summary>Dispatcher replicas assumed when a Channel does not set a maximum.</summary>
    public const int DefaultMaxReplicas = 5;

    /// <summary>The stream holding a Channel's messages.</summary>
    public static StreamConfig Stream(Channel channel)
    {
        var spec = channel.Spec.Stream ?? new StreamSpec();
        return new StreamConfig(NatsNames.StreamName(channel), [.. channel.Spec.Subjects])
        {
            Description = $"K8sNotify Channel {Describe(channel)}",
            Retention = spec.Retention switch
            {
                StreamRetention.Limits => StreamConfigRetention.Limits,
                StreamRetention.Interest => StreamConfigRetention.Interest,
                _ => StreamConfigRetention.Workqueue,
            },
            Storage = Storage(spec),
            NumReplicas = spec.Replicas,
            MaxAge = Durations.ParseOrDefault(spec.MaxAge, Durations.Parse(new StreamSpec().MaxAge)),
            MaxMsgs = spec.MaxMessages ?? -1,
            MaxBytes = spec.MaxBytes ?? -1,
            DuplicateWindow = Durations.ParseOrDefault(spec.DuplicateWindow, Durations.Parse(new StreamSpec().DuplicateWindow)),
            Discard = StreamConfigDiscard.Old,
        };
    }

    /// <summary>
    /// The durable pull consumer every dispatcher replica shares: no filter (the stream holds only the Channel's
    /// subjects), explicit acks, unlimited deliveries, and ack-pending slots for the in-flight work of every replica.
    /// </summary>
    /// <param name="channel">The Channel.</param>
    /// <param name="ackWait">A shorter ack wait for a standalone dispatcher that asks for one (tests of redelivery); null for <see cref="AckWait"/>.</param>
    public static ConsumerConfig Consumer(Channel channel, TimeSpan? ackWait = null)
    {
        return new ConsumerConfig(NatsNames.ConsumerName)
        {
            DurableName = NatsNames.ConsumerName,
            Description = "K8sNotify dispatchers",
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = ackWait ?? AckWait,
            MaxDeliver = MaxDeliver,
            MaxAckPending = MaxAckPending(channel),
        };
    }

    /// <summary>
    /// Room for notifications that wait out a short retry backoff on the consumer: a wait below the park threshold is a
    /// delayed NAK, which keeps the message ack-pending. Without it, a provider outage would fill every slot with retries
    /// and new notifications would not get their first attempt until those gave up.
    /// </summary>
    public const long ShortRetryAllowance = 10_000;

    /// <summary>
    /// Every replica's concurrency plus <see cref="ShortRetryAllowance"/>: long waits are parked and hold no slot, and the
    /// pull loop (not this limit) bounds the work in flight.
    /// </summary>
    public static long MaxAckPending(Channel channel)
    {
        var dispatcher = channel.Spec.Dispatcher ?? new DispatcherSpec();
        var maxReplicas = Math.Max(dispatcher.Replicas?.Max ?? DefaultMaxReplicas, dispatcher.Replicas?.Min ?? 1);
        return ((long)dispatcher.Concurrency * maxReplicas) + ShortRetryAllowance;
    }

    /// <summary>The stream that keeps the Channel's dead letters (limits retention, so they stay after being read).</summary>
    public static StreamConfig DeadLetterStream(Channel channel)
    {
        var spec = channel.Spec.Stream ?? new StreamSpec();
        return new StreamConfig(NatsNames.DeadLetterStreamName(channel), [NatsNames.DeadLetterSubject(channel)])
        {
            Description = $"Dead letters of K8sNotify Channel {Describe(channel)}",
            Retention = StreamConfigRetention.Limits,
            Storage = Storage(spec),
            NumReplicas = spec.Replicas,
            MaxAge = DeadLetterMaxAge,
            DuplicateWindow = DuplicateWindow,
            Discard = StreamConfigDiscard.Old,
        };
    }

    /// <summary>
    /// The park store: notifications that wait (sendAt, a rate-limit delay, a long retry backoff) sit here on the
    /// subject of their due second, outside the work consumer. Limits retention with an explicit maximum age (the
    /// Channel's scheduling retention); discard-new, so a full store refuses a park instead of losing an older one.
    /// </summary>
    public static StreamConfig ParkStream(Channel channel)
    {
        var spec = channel.Spec.Stream ?? new StreamSpec();
        return new StreamConfig(ParkStreamName(channel), [ParkSubjectPrefix(channel) + ".*"])
        {
            Description = $"Waiting notifications of K8sNotify Channel {Describe(channel)}",
            Retention = StreamConfigRetention.Limits,
            Storage = Storage(spec),
            NumReplicas = spec.Replicas,
            MaxAge = SchedulingWindow.Of(channel).Retention,
            DuplicateWindow = DuplicateWindow,
            Discard = StreamConfigDiscard.New,
        };
    }

    /// <summary>
    /// The short-lived reader of one park slot (the scheduler drains it, then deletes the reader): a filter on the slot's
    /// subject, no acks, removed by the server if the scheduler dies while reading.
    /// </summary>
    public static ConsumerConfig SlotReader(string slotSubject, string name) =>
        new(name)
        {
            FilterSubject = slotSubject,
            AckPolicy = ConsumerConfigAckPolicy.None,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            InactiveThreshold = TimeSpan.FromMinutes(1),
            NumReplicas = 1,
            MemStorage = true,
        };

    /// <summary>The park stream's name.</summary>
    public static string ParkStreamName(Channel channel) => NatsNames.StreamName(channel) + "_PARK";

    /// <summary>The subject prefix of the park stream; a slot's subject appends its due second (Unix time).</summary>
    public static string ParkSubjectPrefix(Channel channel) =>
        $"k8snotify.park.{NatsNames.Token(channel.Metadata.NamespaceProperty ?? "default")}.{NatsNames.Token(channel.Metadata.Name)}";

    /// <summary>
    /// Revisions the status bucket keeps per notification: each write is one transition, so the bucket itself is the
    /// notification's history (<c>k8snotify history</c>) with no second write per transition. 64 is the JetStream
    /// maximum; a notification with more transitions (many retries) keeps its latest 64.
    /// </summary>
    public const int StatusHistory = 64;

    /// <summary>
    /// The status record bucket: records live at least as long as a notification may be parked, with the last
    /// <see cref="StatusHistory"/> transitions of each.
    /// </summary>
    /// <param name="channel">The Channel.</param>
    /// <param name="statusMaxAge">How long records are kept after their last change, when that is longer than the park retention.</param>
    public static NatsKVConfig StatusBucket(Channel channel, TimeSpan statusMaxAge) =>
        new(NatsNames.StatusBucket(channel))
        {
            History = StatusHistory,
            MaxAge = RecordMaxAge(channel, statusMaxAge),
            Storage = KvStorage(channel),
            NumberOfReplicas = (channel.Spec.Stream ?? new StreamSpec()).Replicas,
            Description = $"K8sNotify status records of Channel {Describe(channel)}",
        };

    /// <summary>The provider-message-id index (for delivery receipts): the same retention as the status records.</summary>
    public static NatsKVConfig IndexBucket(Channel channel, TimeSpan statusMaxAge) =>
        new(IndexBucketName(channel))
        {
            History = 1,
            MaxAge = RecordMaxAge(channel, statusMaxAge),
            Storage = KvStorage(channel),
            NumberOfReplicas = (channel.Spec.Stream ?? new StreamSpec()).Replicas,
            Description = $"K8sNotify provider message ids of Channel {Describe(channel)}",
        };

    /// <summary>The provider-message-id index bucket's name.</summary>
    public static string IndexBucketName(Channel channel) =>
        $"K8SNOTIFY_PMID_{NatsNames.Token(channel.Metadata.NamespaceProperty ?? "default")}_{NatsNames.Token(channel.Metadata.Name)}";

    /// <summary>The scheduler's bucket: the release lease (one replica releases at a time) and the cursor of released slots.</summary>
    public static NatsKVConfig SchedulerBucket(Channel channel) =>
        new(SchedulerBucketName(channel))
        {
            History = 1,
            Storage = KvStorage(channel),
            NumberOfReplicas = (channel.Spec.Stream ?? new StreamSpec()).Replicas,
            Description = $"K8sNotify scheduler lease and cursor of Channel {Describe(channel)}",
        };

    /// <summary>The scheduler bucket's name.</summary>
    public static string SchedulerBucketName(Channel channel) =>
        $"K8SNOTIFY_SCHED_{NatsNames.Token(channel.Metadata.NamespaceProperty ?? "default")}_{NatsNames.Token(channel.Metadata.Name)}";

    private static TimeSpan RecordMaxAge(Channel channel, TimeSpan statusMaxAge)
    {
        var retention = SchedulingWindow.Of(channel).Retention;
        return statusMaxAge > retention ? statusMaxAge : retention;
    }

    private static StreamConfigStorage Storage(StreamSpec spec) =>
        spec.Storage == StreamStorage.Memory ? StreamConfigStorage.Memory : StreamConfigStorage.File;

    private static NatsKVStorageType KvStorage(Channel channel) =>
        channel.Spec.Stream?.Storage == StreamStorage.Memory ? NatsKVStorageType.Memory : NatsKVStorageType.File;

    private static string Describe(Channel channel) => $"{channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}";
}
