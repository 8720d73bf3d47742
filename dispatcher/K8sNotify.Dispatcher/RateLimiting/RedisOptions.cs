using System.ComponentModel.DataAnnotations;
using K8sNotify.Api.Contract;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>How the dispatcher reaches Redis for shared rate limits; unset <see cref="Configuration"/> means standalone.</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "RateLimiting:Redis";

    /// <summary>Environment variable (and <c>--redis</c> flag) holding <see cref="Configuration"/>.</summary>
    public const string ConfigurationVariable = DispatcherEnvironment.Redis;

    /// <summary>Environment variable holding the password.</summary>
    public const string PasswordVariable = DispatcherEnvironment.RedisPassword;

    /// <summary>Environment variable naming a file (a mounted Secret key) that holds the password.</summary>
    public const string PasswordFileVariable = DispatcherEnvironment.RedisPasswordFile;

    /// <summary>Environment variable holding the Sentinel service (primary group) name.</summary>
    public const string SentinelServiceVariable = DispatcherEnvironment.RedisSentinelService;

    /// <summary>Environment variable that turns TLS on (<c>true</c>).</summary>
    public const string TlsVariable = DispatcherEnvironment.RedisTls;

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Short, so a stalled Redis costs a message at most this before the failure policy answers.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// <c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://…</c> (TLS), or a StackExchange.Redis
    /// configuration string (<c>host1:6379,host2:6379,ssl=true</c>; with <see cref="SentinelService"/> these are
    /// the Sentinels). Null or empty: no Redis, limits are per process.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>The Sentinel service (primary group) name; the endpoints are then Sentinels.</summary>
    [MaxLength(256)]
    public string? SentinelService { get; set; }

    /// <summary>Encrypt the connection (also implied by <c>rediss://</c>).</summary>
    public bool Tls { get; set; }

    /// <summary>The server name the TLS certificate must carry, when it differs from the host.</summary>
    [MaxLength(256)]
    public string? TlsHost { get; set; }

    /// <summary>The ACL user, when not <c>default</c>.</summary>
    [MaxLength(256)]
    public string? User { get; set; }

    /// <summary>The password (prefer <see cref="PasswordFile"/>: a mounted Secret key). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>A file whose content (trimmed) is the password; wins over <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>Whether a Redis is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}
