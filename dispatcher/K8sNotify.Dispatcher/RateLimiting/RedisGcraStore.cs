using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// GCRA state in Redis, shared by every replica: one Lua script decides all the scopes of a message atomically
/// on Redis server time, in one round trip (EVALSHA; after a restart or SCRIPT FLUSH, NOSCRIPT reloads and retries once).
/// </summary>
internal sealed class RedisGcraStore : IGcraStore
{
    /// <summary>
    /// KEYS[i] is one scope; ARGV[3i-2], ARGV[3i-1], ARGV[3i] are its emission interval T, tolerance τ (both µs)
    /// and cost. Returns {allowed, now µs, excess_1 … excess_n}: excess_i &gt; 0 means scope i denies and must
    /// wait that long. Nothing is written unless every scope allows; a written key expires when it would be idle
    /// again (at its TAT), so idle keys cost no memory. TIME is allowed because Redis 7 replicates script effects.
    /// TATs are written with %.0f: Lua's default number format keeps only 14 digits, too few for µs since 1970.
    /// </summary>
    internal const string Script = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local result = {1, now}
        local arrivals = {}
        for i = 1, #KEYS do
          local interval = tonumber(ARGV[3 * i - 2])
          local tolerance = tonumber(ARGV[3 * i - 1])
          local cost = tonumber(ARGV[3 * i])
          local tat = tonumber(redis.call('GET', KEYS[i]))
          if tat == nil or tat < now then
            tat = now
          end
          local next_tat = tat + interval * cost
          local excess = next_tat - now - tolerance - interval
          if excess > 0 then
            result[1] = 0
            result[i + 2] = excess
          else
            result[i + 2] = 0
          end
          arrivals[i] = next_tat
        end
        if result[1] == 1 then
          for i = 1, #KEYS do
            redis.call('SET', KEYS[i], string.format('%.0f', arrivals[i]), 'PX', math.ceil((arrivals[i] - now) / 1000))
          end
        end
        return result
        """;

    /// <summary>The SHA-1 EVALSHA names the script by (what SCRIPT LOAD returns).</summary>
    internal static readonly byte[] ScriptHash = SHA1.HashData(Encoding.UTF8.GetBytes(Script));

    private readonly RedisConnection _connection;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisGcraStore> _logger;

    public RedisGcraStore(RedisConnection connection, IOptions<RedisOptions> options, TimeProvider timeProvider, ILogger<RedisGcraStore> logger)
    {
        _connection = connection;
        _commandTimeout = options.Value.CommandTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    /// <exception cref="RateLimitStoreUnavailableException">Redis did not answer in time or failed.</exception>
    public async ValueTask<GcraOutcome> AcquireAsync(IReadOnlyList<GcraRequest> requests, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[requests.Count];
        var args = new RedisValue[requests.Count * 3];
        for (var i = 0; i < requests.Count; i++)
        {
            var (key, limit, cost) = requests[i];
            keys[i] = key;
            args[3 * i] = limit.EmissionIntervalMicros;
            args[(3 * i) + 1] = limit.ToleranceMicros;
            args[(3 * i) + 2] = cost;
        }

        var result = await RunAsync(
            async (db, token) =>
            {
                try
                {
                    return await db.ScriptEvaluateAsync(ScriptHash, keys, args).WaitAsync(_commandTimeout, _timeProvider, token).ConfigureAwait(false);
                }
                catch (RedisServerException e) when (IsNoScript(e))
                {
                    // Redis restarted or its script cache was flushed: load the script again and retry once.
                    Log.RateLimitScriptReloaded(_logger);
                    await LoadScriptAsync(token).ConfigureAwait(false);
                    return await db.ScriptEvaluateAsync(ScriptHash, keys, args).WaitAsync(_commandTimeout, _timeProvider, token).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return Parse(result, requests.Count);
    }

    /// <summary>Loads the script into every connected primary (SCRIPT LOAD), so EVALSHA finds it.</summary>
    /// <exception cref="RateLimitStoreUnavailableException">No primary is reachable.</exception>
    public async Task LoadScriptAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var loaded = 0;
        foreach (var server in multiplexer.GetServers())
        {
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            try
            {
                var hash = await server.ScriptLoadAsync(Script).WaitAsync(_commandTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
                if (!hash.AsSpan().SequenceEqual(ScriptHash))
                {
                    throw new RateLimitStoreUnavailableException("Redis returned an unexpected SHA-1 for the rate limit script");
                }

                loaded++;
            }
            catch (Exception e) when (IsUnavailability(e, cancellationToken))
            {
                throw new RateLimitStoreUnavailableException(Describe(e), e);
            }
        }

        if (loaded == 0)
        {
            throw new RateLimitStoreUnavailableException("no Redis primary is connected");
        }
    }

    /// <summary>One PING: how an unreachable Redis is probed for recovery.</summary>
    /// <exception cref="RateLimitStoreUnavailableException">Redis did not answer in time or failed.</exception>
    public Task PingAsync(CancellationToken cancellationToken) =>
        RunAsync(async (db, token) => await db.PingAsync().WaitAsync(_commandTimeout, _timeProvider, token).ConfigureAwait(false), cancellationToken);

    private async Task<T> RunAsync<T>(Func<IDatabaseAsync, CancellationToken, Task<T>> command, CancellationToken cancellationToken)
    {
        try
        {
            var multiplexer = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
            return await command(multiplexer.GetDatabase(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailability(e, cancellationToken))
        {
            throw new RateLimitStoreUnavailableException(Describe(e), e);
        }
    }

    private static GcraOutcome Parse(RedisResult result, int count)
    {
        var values = (RedisResult[]?)result;
        if (values is null || values.Length != count + 2)
        {
            throw new RateLimitStoreUnavailableException($"the rate limit script returned {values?.Length ?? 0} values, expected {count + 2}");
        }

        var now = (long)values[1];
        if ((long)values[0] == 1)
        {
            return new GcraOutcome(true, now, null);
        }

        var excess = new long[count];
        for (var i = 0; i < count; i++)
        {
            excess[i] = (long)values[i + 2];
        }

        return new GcraOutcome(false, now, excess);
    }

    private static bool IsNoScript(RedisServerException e) =>
        e.Kind == RedisErrorKind.NoScript || e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);

    private static bool IsUnavailability(Exception e, CancellationToken cancellationToken) =>
        e is RedisException or TimeoutException or ObjectDisposedException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private string Describe(Exception e)
    {
        var reason = e is TimeoutException ? $"no answer within {_commandTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms" : $"{e.GetType().Name}: {e.Message}";
        return _connection.Password is { } password ? reason.Replace(password, "***", StringComparison.Ordinal) : reason;
    }
}
