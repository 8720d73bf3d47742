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
    public static readonly TimeSpan DefaultMaxScheduleHop = TimeSpan.FromMinutes(5);
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

    /// <summary>Longest single NAK delay of a scheduled (sendAt) message; longer waits take several hops.</summary>
    [ConfigurationKeyName("MAX_SCHEDULE_HOP")]
    public TimeSpan MaxScheduleHop { get; set; } = DefaultMaxScheduleHop;

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
