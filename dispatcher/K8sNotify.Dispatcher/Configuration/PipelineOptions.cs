using System.ComponentModel.DataAnnotations;
using K8sNotify.Api.Contract;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>Tuning of the consume loop, retries and reloads; the defaults suit production, tests shorten them.</summary>
public sealed class PipelineOptions
{
    public const string Section = "PIPELINE";

    public static readonly TimeSpan DefaultAckWait = ChannelJetStream.AckWait;
    public static readonly TimeSpan DefaultFetchExpiry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultReloadInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultParkThreshold = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultParkTick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultParkLease = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultParkSweepInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultStuckAuditInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultStuckGrace = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultStallAfter = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan DefaultInFlightRecheck = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultPendingRefresh = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultStatusMaxAge = TimeSpan.FromDays(7);

    /// <summary>
    /// How long JetStream waits for an ack (or a progress ack, sent every half of it while a message is worked on)
    /// before redelivering. Standalone, it is the consumer's ack wait; bound to an operator's consumer, the shorter of
    /// this and the consumer's ack wait paces the progress acks.
    /// </summary>
    [ConfigurationKeyName("ACK_WAIT")]
    public TimeSpan AckWait { get; set; } = DefaultAckWait;

    /// <summary>
    /// How long a "sending" claim by another worker is honoured: twice the ack wait, so only a worker that died
    /// (and stopped sending progress acks) loses its claim.
    /// </summary>
    public TimeSpan ClaimLease => AckWait * 2;

    /// <summary>How long one pull request waits for messages; bounds how long a stop waits for the current fetch.</summary>
    [ConfigurationKeyName("FETCH_EXPIRY")]
    public TimeSpan FetchExpiry { get; set; } = DefaultFetchExpiry;

    /// <summary>How often the config file or manifest folder is checked for changes.</summary>
    [ConfigurationKeyName("RELOAD_INTERVAL")]
    public TimeSpan ReloadInterval { get; set; } = DefaultReloadInterval;

    /// <summary>
    /// Waits longer than this (a sendAt, a retry backoff) are parked outside the work consumer; shorter ones are a NAK
    /// delay. A rate-limit delay is always parked.
    /// </summary>
    [ConfigurationKeyName("PARK_THRESHOLD")]
    public TimeSpan ParkThreshold { get; set; } = DefaultParkThreshold;

    /// <summary>How often the scheduler looks for due parked messages (release precision is this plus one second).</summary>
    [ConfigurationKeyName("PARK_TICK")]
    public TimeSpan ParkTick { get; set; } = DefaultParkTick;

    /// <summary>How long a replica's release lease lasts without renewal; another replica takes over after it.</summary>
    [ConfigurationKeyName("PARK_LEASE")]
    public TimeSpan ParkLease { get; set; } = DefaultParkLease;

    /// <summary>How often the scheduler lists every parked slot (besides walking the due seconds), to release anything the walk passed.</summary>
    [ConfigurationKeyName("PARK_SWEEP_INTERVAL")]
    public TimeSpan ParkSweepInterval { get; set; } = DefaultParkSweepInterval;

    /// <summary>How often the stuck-notification audit runs (on the replica holding the release lease).</summary>
    [ConfigurationKeyName("STUCK_AUDIT_INTERVAL")]
    public TimeSpan StuckAuditInterval { get; set; } = DefaultStuckAuditInterval;

    /// <summary>How long past its due time a waiting notification may stay non-terminal before the audit dead-letters it.</summary>
    [ConfigurationKeyName("STUCK_GRACE")]
    public TimeSpan StuckGrace { get; set; } = DefaultStuckGrace;

    /// <summary>A consumer with pending messages and no delivered-sequence progress for this long makes /readyz fail and the stalled gauge 1.</summary>
    [ConfigurationKeyName("STALL_AFTER")]
    public TimeSpan StallAfter { get; set; } = DefaultStallAfter;

    /// <summary>Delay before re-checking a notification another worker is sending right now.</summary>
    [ConfigurationKeyName("IN_FLIGHT_RECHECK")]
    public TimeSpan InFlightRecheck { get; set; } = DefaultInFlightRecheck;

    /// <summary>How often the consumer-pending gauge is refreshed.</summary>
    [ConfigurationKeyName("PENDING_REFRESH")]
    public TimeSpan PendingRefresh { get; set; } = DefaultPendingRefresh;

    /// <summary>How long status records are kept (standalone bucket creation).</summary>
    [ConfigurationKeyName("STATUS_MAX_AGE")]
    public TimeSpan StatusMaxAge { get; set; } = DefaultStatusMaxAge;

    /// <summary>Overrides the Channel's dispatcher.concurrency when set.</summary>
    [Range(1, 4096)]
    [ConfigurationKeyName("CONCURRENCY")]
    public int? Concurrency { get; set; }

    /// <summary>
    /// Status records in the KV bucket and status events (on by default). Off trades duplicate suppression on redelivery
    /// and the status API for throughput; benches use it to show what tracking costs.
    /// </summary>
    [ConfigurationKeyName("STATUS_TRACKING")]
    public bool StatusTracking { get; set; } = true;

    /// <summary>Ack with a server confirmation; off by default because the status record already makes redeliveries harmless.</summary>
    [ConfigurationKeyName("DOUBLE_ACK")]
    public bool DoubleAck { get; set; }
}
