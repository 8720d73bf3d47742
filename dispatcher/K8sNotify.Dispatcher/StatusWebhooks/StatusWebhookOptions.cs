using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>Delivery of status events to a Channel's <c>spec.statusWebhook</c>: retries, ordering partitions and the queue's bounds.</summary>
public sealed class StatusWebhookOptions
{
    public const int DefaultMaxAttempts = 10;
    public const int DefaultPartitions = 8;
    public const long DefaultMaxPending = 1_000_000;
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultAckWait = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);

    /// <summary>HTTP attempts per event before it goes to the status webhook's dead-letter stream.</summary>
    [Range(1, 1000)]
    [ConfigurationKeyName("STATUS_WEBHOOK_MAX_ATTEMPTS")]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>First retry delay; doubles per attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    [ConfigurationKeyName("STATUS_WEBHOOK_BACKOFF")]
    public TimeSpan Backoff { get; set; } = DefaultBackoff;

    [ConfigurationKeyName("STATUS_WEBHOOK_MAX_BACKOFF")]
    public TimeSpan MaxBackoff { get; set; } = DefaultMaxBackoff;

    /// <summary>Timeout of one POST to the receiver.</summary>
    [ConfigurationKeyName("STATUS_WEBHOOK_TIMEOUT")]
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// Ordering partitions: each notification id hashes to one; a partition delivers one event at a time (in order),
    /// different partitions in parallel. Changing it reorders only events already queued.
    /// </summary>
    [Range(1, 256)]
    [ConfigurationKeyName("STATUS_WEBHOOK_PARTITIONS")]
    public int Partitions { get; set; } = DefaultPartitions;

    /// <summary>Ack wait of the partition consumers; progress acks are sent while an event waits for its next attempt.</summary>
    [ConfigurationKeyName("STATUS_WEBHOOK_ACK_WAIT")]
    public TimeSpan AckWait { get; set; } = DefaultAckWait;

    /// <summary>Most events queued per Channel; beyond it the oldest are discarded (the queue is bounded).</summary>
    [Range(1000, 100_000_000)]
    [ConfigurationKeyName("STATUS_WEBHOOK_MAX_PENDING")]
    public long MaxPending { get; set; } = DefaultMaxPending;

    /// <summary>How long an undelivered event is kept queued.</summary>
    [ConfigurationKeyName("STATUS_WEBHOOK_MAX_AGE")]
    public TimeSpan MaxAge { get; set; } = DefaultMaxAge;
}
