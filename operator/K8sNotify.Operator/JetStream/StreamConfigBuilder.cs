using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Operator.JetStream;

/// <summary>Builds the JetStream configuration of a Channel: its stream, its shared durable consumer and its dead-letter stream.</summary>
public static class StreamConfigBuilder
{
    /// <summary>How long a dispatcher may hold a message before JetStream redelivers it (it extends this with in-progress acks).</summary>
    public static readonly TimeSpan ConsumerAckWait = TimeSpan.FromMinutes(2);

    /// <summary>How long dead letters are kept for inspection and replay.</summary>
    public static readonly TimeSpan DeadLetterMaxAge = TimeSpan.FromDays(14);

    public const int DefaultMaxAttempts = 5;

    public static StreamConfig Stream(Channel channel)
    {
        var spec = channel.Spec.Stream ?? new StreamSpec();
        return new StreamConfig(NatsNames.StreamName(channel), [.. channel.Spec.Subjects])
        {
            Description = $"K8sNotify Channel {channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}",
            Retention = spec.Retention switch
            {
                StreamRetention.Limits => StreamConfigRetention.Limits,
                StreamRetention.Interest => StreamConfigRetention.Interest,
                _ => StreamConfigRetention.Workqueue,
            },
            Storage = spec.Storage == StreamStorage.Memory ? StreamConfigStorage.Memory : StreamConfigStorage.File,
            NumReplicas = spec.Replicas,
            MaxAge = Durations.Parse(spec.MaxAge),
            MaxMsgs = spec.MaxMessages ?? -1,
            MaxBytes = spec.MaxBytes ?? -1,
            DuplicateWindow = Durations.Parse(spec.DuplicateWindow),
            Discard = StreamConfigDiscard.Old,
        };
    }

    /// <summary>The durable pull consumer every dispatcher replica shares; no filter subject, the stream holds only the Channel's subjects.</summary>
    public static ConsumerConfig Consumer(Channel channel)
    {
        var dispatcher = channel.Spec.Dispatcher ?? new DispatcherSpec();
        var maxReplicas = Math.Max(dispatcher.Replicas?.Max ?? 5, dispatcher.Replicas?.Min ?? 1);
        return new ConsumerConfig(NatsNames.ConsumerName)
        {
            Description = "K8sNotify dispatchers",
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = ConsumerAckWait,
            MaxDeliver = channel.Spec.Retry?.MaxAttempts ?? DefaultMaxAttempts,
            MaxAckPending = (long)dispatcher.Concurrency * maxReplicas,
        };
    }

    /// <summary>The stream that keeps the Channel's dead letters (limits retention, so they stay after being read).</summary>
    public static StreamConfig DeadLetterStream(Channel channel)
    {
        var spec = channel.Spec.Stream ?? new StreamSpec();
        return new StreamConfig(NatsNames.DeadLetterStreamName(channel), [NatsNames.DeadLetterSubject(channel)])
        {
            Description = $"Dead letters of K8sNotify Channel {channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}",
            Retention = StreamConfigRetention.Limits,
            Storage = spec.Storage == StreamStorage.Memory ? StreamConfigStorage.Memory : StreamConfigStorage.File,
            NumReplicas = spec.Replicas,
            MaxAge = DeadLetterMaxAge,
            Discard = StreamConfigDiscard.Old,
        };
    }
}
