using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>Dispatcher settings of the recipient controls (section <c>RECIPIENTS</c>: K8SNOTIFY_RECIPIENTS__ENABLED, ...).</summary>
public sealed class RecipientOptions
{
    public const string Section = "RECIPIENTS";

    /// <summary>Check preferences and the suppression list before each send (off only to measure what the check costs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many replicas the recipient KV buckets get when this dispatcher creates them.</summary>
    [Range(1, 5)]
    public int Replicas { get; set; } = 1;

    /// <summary>How often expired suppression entries are removed from the bucket.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
