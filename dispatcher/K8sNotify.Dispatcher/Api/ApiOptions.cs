using System.ComponentModel.DataAnnotations;
using K8sNotify.Api.Contract;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Settings of the HTTP submission API: <c>--api</c> (K8SNOTIFY_API=true) enables it for every Channel, and the per-client rate limit.</summary>
public sealed class ApiOptions
{
    public const int DefaultRequestsPerSecond = 50;
    public const int DefaultBurst = 100;
    public const int DefaultMaxBodyBytes = 256 * 1024;
    public const int DefaultMaxBulkBodyBytes = 8 * 1024 * 1024;
    public const int MaxBulkItems = 1000;

    /// <summary>Serve the API for every Channel (otherwise only Channels with <c>spec.api.enabled</c>).</summary>
    [ConfigurationKeyName(DispatcherSettings.Api)]
    public bool Enabled { get; set; }

    /// <summary>Sustained requests per second of one client (one token).</summary>
    [Range(1, 1_000_000)]
    [ConfigurationKeyName("API_REQUESTS_PER_SECOND")]
    public int RequestsPerSecond { get; set; } = DefaultRequestsPerSecond;

    /// <summary>Requests one client may make at once before the rate limit applies.</summary>
    [Range(1, 1_000_000)]
    [ConfigurationKeyName("API_BURST")]
    public int Burst { get; set; } = DefaultBurst;

    [Range(1024, 64 * 1024 * 1024)]
    [ConfigurationKeyName("API_MAX_BODY_BYTES")]
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    [Range(1024, 256 * 1024 * 1024)]
    [ConfigurationKeyName("API_MAX_BULK_BODY_BYTES")]
    public int MaxBulkBodyBytes { get; set; } = DefaultMaxBulkBodyBytes;
}
