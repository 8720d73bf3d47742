using System.ComponentModel.DataAnnotations;
using K8sNotify.Api.Contract;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>How the rate limiter behaves apart from the Redis connection.</summary>
public sealed class RateLimiterOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "RateLimiting";

    /// <summary>Environment variable with the number of dispatcher replicas of the Channel.</summary>
    public const string ReplicasVariable = DispatcherEnvironment.Replicas;

    /// <summary>Environment variable naming a file that holds the current replica count (a key of the operator's ConfigMap).</summary>
    public const string ReplicasFileVariable = DispatcherEnvironment.ReplicasFile;

    /// <summary>The largest replica count accepted.</summary>
    public const int MaxReplicas = 100_000;

    /// <summary>How long a message waits while Redis is unreachable and the Channel's failurePolicy is closed.</summary>
    public static readonly TimeSpan DefaultFailClosedRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>How often an unreachable Redis is probed for recovery.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long Redis may keep timing out, with no answer in between, before the limiter switches to degraded.</summary>
    public static readonly TimeSpan DefaultTimeoutTolerance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many replicas enforce a Channel's limits together. The in-memory limiter (standalone, or
    /// failurePolicy open while Redis is down) gives each replica 1/replicas of every limit so the sum stays
    /// near the configured rate. Unset: 1 (no division).
    /// </summary>
    [Range(1, MaxReplicas)]
    public int? Replicas { get; set; }

    /// <summary>A file with the current replica count, re-read while running (see <see cref="ReplicaCount"/>); wins over <see cref="Replicas"/> once readable.</summary>
    public string? ReplicasFile { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FailClosedRetryAfter { get; set; } = DefaultFailClosedRetryAfter;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ProbeInterval { get; set; } = DefaultProbeInterval;

    /// <summary>
    /// How long command timeouts must persist (no answer from Redis in between) before the switch to degraded; a refused or
    /// lost connection switches at once. A single slow answer on a busy node only falls back for that message, so the
    /// shared limits do not flap between Redis and the per-replica share. Zero switches on the first timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TimeoutTolerance { get; set; } = DefaultTimeoutTolerance;

    /// <summary>The divisor of the in-memory limiter.</summary>
    public int EffectiveReplicas => Replicas ?? 1;
}
