using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Dispatcher.Messaging.Poison;

/// <summary>How often a message whose processing throws is tried before it is dead-lettered, and how often its stack trace is logged.</summary>
public sealed class PoisonOptions
{
    public const string Section = "POISON";
    public const int DefaultMaxAttempts = 5;

    public static readonly TimeSpan DefaultTraceLogInterval = TimeSpan.FromMinutes(1);

    /// <summary>Processing attempts that end in an unexpected exception before the message is dead-lettered.</summary>
    [Range(1, 100)]
    [ConfigurationKeyName("MAX_ATTEMPTS")]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>One full stack trace per distinct exception site within this interval; the repeats are counted instead.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    [ConfigurationKeyName("TRACE_LOG_INTERVAL")]
    public TimeSpan TraceLogInterval { get; set; } = DefaultTraceLogInterval;

    /// <summary>Messages whose failures are remembered at once; beyond it the oldest are forgotten (their count starts again).</summary>
    [Range(100, 10_000_000)]
    [ConfigurationKeyName("TRACKED_MESSAGES")]
    public int TrackedMessages { get; set; } = 100_000;
}
