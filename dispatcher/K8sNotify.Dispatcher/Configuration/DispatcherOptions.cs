using System.ComponentModel.DataAnnotations;
using K8sNotify.Api.Contract;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>The dispatcher's process settings, from the command line (<c>--nats</c>) or the environment (<c>K8SNOTIFY_NATS</c>).</summary>
public sealed class DispatcherOptions : IValidatableObject
{
    public const string DefaultNatsUrl = "nats://127.0.0.1:4222";
    public const int DefaultHttpPort = 8080;
    public const string DefaultNamespace = "default";

    /// <summary>Standalone mode: a folder of Channel, Template, Provider and Secret manifests.</summary>
    [ConfigurationKeyName(DispatcherSettings.Manifests)]
    public string? Manifests { get; set; }

    /// <summary>Cluster mode: the DispatcherBundle JSON the operator mounts.</summary>
    [ConfigurationKeyName(DispatcherSettings.Config)]
    public string? Config { get; set; }

    [Required]
    [ConfigurationKeyName(DispatcherSettings.Nats)]
    public string Nats { get; set; } = DefaultNatsUrl;

    /// <summary>A NATS credentials file (user JWT and NKey seed); in a cluster the operator mounts it from a Secret.</summary>
    [ConfigurationKeyName(DispatcherSettings.NatsCredentials)]
    public string? NatsCredentials { get; set; }

    /// <summary>Cluster mode: the directory the referenced Secrets are mounted under as <c>&lt;name&gt;/&lt;key&gt;</c>.</summary>
    [ConfigurationKeyName(DispatcherSettings.SecretsDirectory)]
    public string SecretsDirectory { get; set; } = DispatcherMounts.SecretsRoot;

    /// <summary>This replica's name (the pod name, from the downward API); it names the NATS connection so a server report shows which pod is connected.</summary>
    [ConfigurationKeyName(DispatcherSettings.PodName)]
    public string? PodName { get; set; }

    /// <summary>Redis for the shared rate limits; optional.</summary>
    [ConfigurationKeyName(DispatcherSettings.Redis)]
    public string? Redis { get; set; }

    /// <summary>Port of /metrics, /healthz and /readyz (and the HTTP API); 0 lets the OS pick one.</summary>
    [Range(0, 65535)]
    [ConfigurationKeyName(DispatcherSettings.HttpPort)]
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>Standalone mode: comma-separated Channel names (or namespace/name) to run; all Channels of the folder when empty.</summary>
    [ConfigurationKeyName(DispatcherSettings.Channel)]
    public string? Channel { get; set; }

    /// <summary>Namespace given to manifests that do not set one.</summary>
    [ConfigurationKeyName(DispatcherSettings.Namespace)]
    public string Namespace { get; set; } = DefaultNamespace;

    public IReadOnlyList<string> SelectedChannels =>
        (Channel ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Standalone => !string.IsNullOrEmpty(Manifests);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Manifests) == string.IsNullOrEmpty(Config))
        {
            yield return new ValidationResult(
                $"exactly one of {DispatcherFlags.Manifests} DIR ({DispatcherEnvironment.Prefix}{DispatcherSettings.Manifests}) or {DispatcherFlags.Config} FILE ({DispatcherEnvironment.Config}) is required",
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
