using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>The dispatcher's process settings, from the command line (<c>--nats</c>) or the environment (<c>K8SNOTIFY_NATS</c>).</summary>
public sealed class DispatcherOptions : IValidatableObject
{
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";
    public const int DefaultHttpPort = 8080;
    public const string DefaultNamespace = "default";

    /// <summary>Standalone mode: a folder of Channel, Template, Provider and Secret manifests.</summary>
    [ConfigurationKeyName("MANIFESTS")]
    public string? Manifests { get; set; }

    /// <summary>Cluster mode: the DispatcherBundle JSON the operator mounts.</summary>
    [ConfigurationKeyName("CONFIG")]
    public string? Config { get; set; }

    [Required]
    [ConfigurationKeyName("NATS")]
    public string Nats { get; set; } = DefaultNatsUrl;

    /// <summary>A NATS credentials file (user JWT and NKey seed); in a cluster the operator mounts it from a Secret.</summary>
    [ConfigurationKeyName("NATS_CREDENTIALS")]
    public string? NatsCredentials { get; set; }

    /// <summary>This replica's name (the pod name, from the downward API); it names the NATS connection so a server report shows which pod is connected.</summary>
    [ConfigurationKeyName("POD_NAME")]
    public string? PodName { get; set; }

    /// <summary>Redis for the shared rate limits; optional.</summary>
    [ConfigurationKeyName("REDIS")]
    public string? Redis { get; set; }

    /// <summary>Port of /metrics, /healthz and /readyz (and the HTTP API); 0 lets the OS pick one.</summary>
    [Range(0, 65535)]
    [ConfigurationKeyName("HTTP_PORT")]
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>Standalone mode: comma-separated Channel names (or namespace/name) to run; all Channels of the folder when empty.</summary>
    [ConfigurationKeyName("CHANNEL")]
    public string? Channel { get; set; }

    /// <summary>Namespace given to manifests that do not set one.</summary>
    [ConfigurationKeyName("NAMESPACE")]
    public string Namespace { get; set; } = DefaultNamespace;

    public IReadOnlyList<string> SelectedChannels =>
        (Channel ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Standalone => !string.IsNullOrEmpty(Manifests);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Manifests) == string.IsNullOrEmpty(Config))
        {
            yield return new ValidationResult(
                "exactly one of --manifests DIR (K8SNOTIFY_MANIFESTS) or --config FILE (K8SNOTIFY_CONFIG) is required",
                [nameof(Manifests), nameof(Config)]);
        }

        if (!Uri.TryCreate(Nats, UriKind.Absolute, out var nats) || nats.Scheme is not ("nats" or "tls" or "ws" or "wss"))
        {
            yield return new ValidationResult($"--nats must be a URL such as {DefaultNatsUrl}", [nameof(Nats)]);
        }

        if (!string.IsNullOrEmpty(NatsCredentials) && !File.Exists(NatsCredentials))
        {
            yield return new ValidationResult($"--nats-credentials: the credentials file {NatsCredentials} does not exist", [nameof(NatsCredentials)]);
        }
    }
}
