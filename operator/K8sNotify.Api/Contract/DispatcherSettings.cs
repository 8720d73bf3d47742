namespace K8sNotify.Api.Contract;

/// <summary>
/// The dispatcher's configuration keys: what its <c>--flag</c> switches set and what an environment variable sets once
/// <see cref="DispatcherEnvironment.Prefix"/> is stripped (<c>K8SNOTIFY_NATS</c> ⇔ <c>--nats</c> ⇔ <c>NATS</c>).
/// </summary>
public static class DispatcherSettings
{
    /// <summary>Standalone mode: a folder of Channel/Template/Provider/Secret manifests.</summary>
    public const string Manifests = "MANIFESTS";

    /// <summary>Cluster mode: the bundle file the operator mounts.</summary>
    public const string Config = "CONFIG";

    public const string Nats = "NATS";

    /// <summary>
    /// The directory the Secrets are mounted under (<see cref="DispatcherMounts.SecretsRoot"/>). The operator sets it
    /// explicitly so every path the dispatcher reads is named in the pod spec.
    /// </summary>
    public const string SecretsDirectory = "SECRETS_DIRECTORY";

    /// <summary>A NATS credentials (.creds) file.</summary>
    public const string NatsCredentials = "NATS_CREDENTIALS";

    /// <summary>The pod name (downward API); names the NATS connection.</summary>
    public const string PodName = "POD_NAME";

    public const string Redis = "REDIS";

    public const string RedisPassword = "REDIS_PASSWORD";

    /// <summary>A file (a mounted Secret key) holding the Redis password.</summary>
    public const string RedisPasswordFile = "REDIS_PASSWORD_FILE";

    public const string RedisSentinelService = "REDIS_SENTINEL_SERVICE";

    public const string RedisTls = "REDIS_TLS";

    /// <summary>The port of /metrics, /healthz, /readyz and the HTTP API.</summary>
    public const string HttpPort = "HTTP_PORT";

    /// <summary>Standalone mode: which Channels of the folder to run.</summary>
    public const string Channel = "CHANNEL";

    /// <summary>Standalone mode: the namespace manifests without one belong to.</summary>
    public const string Namespace = "NAMESPACE";

    /// <summary>Serve the HTTP API for every Channel.</summary>
    public const string Api = "API";

    /// <summary>The replica count (the autoscaler minimum) dividing the in-memory rate limits.</summary>
    public const string Replicas = "REPLICAS";

    /// <summary>A file with the live replica count (<see cref="DispatcherConfigMapKeys.Replicas"/>), re-read while running.</summary>
    public const string ReplicasFile = "REPLICAS_FILE";
}
