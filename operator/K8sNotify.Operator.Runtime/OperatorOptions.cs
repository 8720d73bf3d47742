using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Operator.Runtime;

/// <summary>Settings of the controller runtime (section <c>Operator</c>), validated at start.</summary>
public sealed class OperatorOptions : IValidatableObject
{
    public const string SectionName = "Operator";
    public const int DefaultWorkers = 2;
    public const string DefaultLeaseName = "k8snotify-operator";
    public const string DefaultLeaseNamespace = "default";
    public static readonly TimeSpan DefaultResyncPeriod = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultBackoffMax = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultRenewDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultRetryPeriod = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Namespaces to watch; empty means all namespaces (one cluster-wide list+watch per kind).</summary>
    public IList<string> WatchNamespaces { get; set; } = [];

    /// <summary>How often every cached object is delivered again so reconcilers catch drift nothing told them about.</summary>
    public TimeSpan ResyncPeriod { get; set; } = DefaultResyncPeriod;

    /// <summary>Concurrent reconciles per controller (different keys only).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = DefaultWorkers;

    /// <summary>First per-key retry delay after a failed reconcile; doubles on each failure.</summary>
    public TimeSpan ReconcileBackoffBase { get; set; } = DefaultBackoffBase;

    /// <summary>Upper bound of the per-key retry delay.</summary>
    public TimeSpan ReconcileBackoffMax { get; set; } = DefaultBackoffMax;

    /// <summary>Server-side timeout of one watch request; the informer re-watches from the last resourceVersion afterwards.</summary>
    public TimeSpan WatchTimeout { get; set; } = DefaultWatchTimeout;

    /// <summary>Off only for local development with a single replica: then this process reconciles without a Lease.</summary>
    public bool LeaderElectionEnabled { get; set; } = true;

    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public string LeaseName { get; set; } = DefaultLeaseName;

    /// <summary>Namespace of the Lease; defaults to the pod's namespace (<c>POD_NAMESPACE</c> or the service-account file).</summary>
    [Required]
    public string LeaseNamespace { get; set; } = DefaultLeaseNamespaceFromEnvironment();

    /// <summary>Identity written into the Lease; defaults to <c>POD_NAME</c>, else the host name.</summary>
    [Required]
    public string Identity { get; set; } = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;

    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    public TimeSpan RenewDeadline { get; set; } = DefaultRenewDeadline;

    public TimeSpan RetryPeriod { get; set; } = DefaultRetryPeriod;

    /// <summary>The namespaces each informer lists and watches: <c>[null]</c> (all) when <see cref="WatchNamespaces"/> is empty.</summary>
    internal IReadOnlyList<string?> EffectiveNamespaces =>
        WatchNamespaces.Count == 0 ? [null] : WatchNamespaces.Distinct(StringComparer.Ordinal).Cast<string?>().ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WatchNamespaces.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("WatchNamespaces must not contain empty names (leave the list empty to watch all namespaces).", [nameof(WatchNamespaces)]);
        }

        if (ResyncPeriod <= TimeSpan.Zero)
        {
            yield return new ValidationResult("ResyncPeriod must be positive.", [nameof(ResyncPeriod)]);
        }

        if (ReconcileBackoffBase <= TimeSpan.Zero || ReconcileBackoffMax < ReconcileBackoffBase)
        {
            yield return new ValidationResult("ReconcileBackoffBase must be positive and not above ReconcileBackoffMax.", [nameof(ReconcileBackoffBase)]);
        }

        if (WatchTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("WatchTimeout must be at least one second.", [nameof(WatchTimeout)]);
        }

        // The ordering LeaderElector relies on: renew well before the lease can expire, retry more often than renewals.
        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            yield return new ValidationResult("Lease timings must satisfy 0 < RetryPeriod < RenewDeadline < LeaseDuration.", [nameof(LeaseDuration)]);
        }
    }

    private static string DefaultLeaseNamespaceFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns)
        {
            return ns;
        }

        const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : DefaultLeaseNamespace;
    }
}
