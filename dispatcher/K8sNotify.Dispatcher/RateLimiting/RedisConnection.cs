using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// The process's one Redis multiplexer, connected on first use. Built so that an unreachable Redis never blocks
/// start-up or a message: no abort on connect failure, fail-fast instead of a backlog, short command timeouts.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private const string ClientName = "k8snotify-dispatcher";
    private const int DefaultPort = 6379;

    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly Lazy<ConfigurationOptions> _configuration;
    private ConnectionMultiplexer? _multiplexer;
    private bool _disposed;

    public RedisConnection(IOptions<RedisOptions> options)
    {
        _configuration = new Lazy<ConfigurationOptions>(() => BuildConfiguration(options.Value));
    }

    /// <summary>The endpoints (Sentinels when a service is set), for logs: never the password.</summary>
    public string Endpoints => Describe(_configuration.Value);

    /// <summary>The configured password, so log text can be scrubbed of it; null when there is none.</summary>
    public string? Password => _configuration.Value.Password is { Length: > 0 } p ? p : null;

    /// <summary>The multiplexer, connecting it first if needed. Returns even when Redis is down (it reconnects by itself).</summary>
    public async ValueTask<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _multiplexer) is { } existing)
        {
            return existing;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is null)
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration.Value.Clone()).ConfigureAwait(false);
                Volatile.Write(ref _multiplexer, multiplexer);
            }

            return _multiplexer;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Translates <see cref="RedisOptions"/> into StackExchange.Redis options.</summary>
    /// <exception cref="ArgumentException">The configuration is unusable (the message never contains the password).</exception>
    public static ConfigurationOptions BuildConfiguration(RedisOptions options)
    {
        var text = options.Configuration?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException("no Redis configuration is set");
        }

        var config = text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(text)
            : ParseConfigurationString(text);
        if (config.EndPoints.Count == 0)
        {
            throw new ArgumentException("the Redis configuration names no endpoint (host:port)");
        }

        if (!string.IsNullOrWhiteSpace(options.SentinelService))
        {
            config.ServiceName = options.SentinelService.Trim();
        }

        if (options.Tls)
        {
            config.Ssl = true;
        }

        if (!string.IsNullOrWhiteSpace(options.TlsHost))
        {
            config.SslHost = options.TlsHost.Trim();
        }

        if (!string.IsNullOrWhiteSpace(options.User))
        {
            config.User = options.User.Trim();
        }

        if (ReadPassword(options) is { } password)
        {
            config.Password = password;
        }

        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ConnectTimeout = Milliseconds(options.ConnectTimeout);
        config.SyncTimeout = Milliseconds(options.CommandTimeout);
        config.AsyncTimeout = Milliseconds(options.CommandTimeout);
        config.ClientName ??= ClientName;
        return config;
    }

    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_multiplexer is { } multiplexer)
            {
                await multiplexer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private static string Describe(ConfigurationOptions config)
    {
        var endpoints = string.Join(",", config.EndPoints.Select(e => Format(e)));
        return config.ServiceName is { Length: > 0 } service ? $"sentinel service {service} via {endpoints}" : endpoints;

        static string Format(System.Net.EndPoint endpoint) => endpoint switch
        {
            System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            _ => endpoint.ToString() ?? "?",
        };
    }

    private static ConfigurationOptions ParseConfigurationString(string text)
    {
        try
        {
            return ConfigurationOptions.Parse(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The text may carry a password: say what is wrong, not what was given.
            throw new ArgumentException($"the Redis configuration is neither a redis:// URL nor a valid configuration string ({e.GetType().Name})", e);
        }
    }

    private static ConfigurationOptions FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("the Redis URL is not of the form redis://[user:password@]host[:port][/db]");
        }

        var config = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        config.EndPoints.Add(uri.IdnHost, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (user.Length > 0)
            {
                config.User = user;
            }

            if (colon >= 0)
            {
                config.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            config.DefaultDatabase = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db)
                ? db
                : throw new ArgumentException("the path of a Redis URL must be a database number, such as /0");
        }

        return config;
    }

    private static string? ReadPassword(RedisOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PasswordFile))
        {
            try
            {
                return File.ReadAllText(options.PasswordFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new ArgumentException($"the Redis password file '{options.PasswordFile}' cannot be read ({e.GetType().Name})", e);
            }
        }

        return string.IsNullOrEmpty(options.Password) ? null : options.Password;
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Clamp(Math.Ceiling(value.TotalMilliseconds), 1, int.MaxValue);
}
