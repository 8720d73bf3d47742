namespace K8sNotify.Api.Contract;

/// <summary>The environment variables the operator sets on dispatcher containers and the dispatcher reads.</summary>
public static class DispatcherEnvironment
{
    /// <summary>Every dispatcher variable starts with this; the rest is a <see cref="DispatcherSettings"/> key.</summary>
    public const string Prefix = "K8SNOTIFY_";

    /// <summary>Secret values supplied as variables: <c>K8SNOTIFY_SECRET_&lt;SECRET&gt;_&lt;KEY&gt;</c>.</summary>
    public const string SecretPrefix = Prefix + "SECRET_";

    public const string Config = Prefix + DispatcherSettings.Config;

    public const string Nats = Prefix + DispatcherSettings.Nats;

    public const string NatsCredentials = Prefix + DispatcherSettings.NatsCredentials;

    public const string SecretsDirectory = Prefix + DispatcherSettings.SecretsDirectory;

    public const string PodName = Prefix + DispatcherSettings.PodName;

    public const string Redis = Prefix + DispatcherSettings.Redis;

    public const string RedisPassword = Prefix + DispatcherSettings.RedisPassword;

    public const string RedisPasswordFile = Prefix + DispatcherSettings.RedisPasswordFile;

    public const string RedisSentinelService = Prefix + DispatcherSettings.RedisSentinelService;

    public const string RedisTls = Prefix + DispatcherSettings.RedisTls;

    public const string HttpPort = Prefix + DispatcherSettings.HttpPort;

    public const string Replicas = Prefix + DispatcherSettings.Replicas;

    public const string ReplicasFile = Prefix + DispatcherSettings.ReplicasFile;

    /// <summary>The variable for a <see cref="DispatcherSettings"/> key or a CLI switch name (<c>http-port</c> → <c>K8SNOTIFY_HTTP_PORT</c>).</summary>
    public static string Variable(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return Prefix + setting.ToUpperInvariant().Replace('-', '_');
    }
}
