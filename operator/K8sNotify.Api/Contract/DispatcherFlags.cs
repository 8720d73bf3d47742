namespace K8sNotify.Api.Contract;

/// <summary>The dispatcher's command-line switches; each sets the <see cref="DispatcherSettings"/> key of the same name.</summary>
public static class DispatcherFlags
{
    public const string Manifests = "--manifests";
    public const string Config = "--config";
    public const string Nats = "--nats";
    public const string NatsCredentials = "--nats-credentials";
    public const string Redis = "--redis";
    public const string HttpPort = "--http-port";
    public const string Channel = "--channel";
    public const string Namespace = "--namespace";
    public const string Api = "--api";

    /// <summary>Each switch and the configuration key it sets.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Manifests] = DispatcherSettings.Manifests,
        [Config] = DispatcherSettings.Config,
        [Nats] = DispatcherSettings.Nats,
        [NatsCredentials] = DispatcherSettings.NatsCredentials,
        [Redis] = DispatcherSettings.Redis,
        [HttpPort] = DispatcherSettings.HttpPort,
        [Channel] = DispatcherSettings.Channel,
        [Namespace] = DispatcherSettings.Namespace,
        [Api] = DispatcherSettings.Api,
    };
}
