namespace K8sNotify.Api.Observability;

/// <summary>Values of the <c>result</c> label of <see cref="MetricNames.ProviderRequestsTotal"/>.</summary>
public static class ProviderResults
{
    /// <summary>The backend accepted the request.</summary>
    public const string Accepted = "accepted";

    /// <summary>A transient failure (5xx, 429, connection error): retried, then failed over.</summary>
    public const string Transient = "transient";

    /// <summary>A permanent failure for this notification (invalid recipient, rejected content).</summary>
    public const string Permanent = "permanent";

    /// <summary>The provider rejected its own configuration (credentials, sender): failed over.</summary>
    public const string Misconfigured = "misconfigured";

    /// <summary>The request did not finish within the Provider's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Not sent: the provider's circuit was open.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>Not sent: the provider's quota (spec.rateLimit) was exhausted.</summary>
    public const string QuotaExhausted = "quota_exhausted";

    /// <summary>Every result, in a stable order.</summary>
    public static readonly IReadOnlyList<string> All = [Accepted, Transient, Permanent, Misconfigured, Timeout, CircuitOpen, QuotaExhausted];
}
