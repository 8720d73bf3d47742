using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// Whether Redis is usable for rate limits. A connection failure, or timeouts that persist for the configured tolerance,
/// switch to degraded (logged once, gauge 1) and start a probe; while degraded no message waits on Redis. The probe's
/// first success switches back (logged once, gauge 0).
/// </summary>
internal sealed class RedisLimiterHealth : IAsyncDisposable
{
    private readonly RedisGcraStore _store;
    private readonly RateLimitMetrics _metrics;
    private readonly ILogger<RedisLimiterHealth> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly RateLimiterOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private int _degraded;
    private long _degradedSince;
    private long _firstTimeoutAt;
    private Task _probe = Task.CompletedTask;

    public RedisLimiterHealth(
        RedisGcraStore store,
        RateLimitMetrics metrics,
        IOptions<RateLimiterOptions> options,
        TimeProvider timeProvider,
        ILogger<RedisLimiterHealth> logger)
    {
        _store = store;
        _metrics = metrics;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True from the first failure until a probe succeeds.</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded) == 1;

    /// <summary>Records that Redis failed; only the switch from healthy is logged and starts the probe.</summary>
    public void ReportFailure(RateLimitStoreUnavailableException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.IsTimeout && !TimeoutsPersisted())
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _degraded, 1, 0) != 0 || _stopping.IsCancellationRequested)
        {
            return;
        }

        Volatile.Write(ref _degradedSince, _timeProvider.GetTimestamp());
        Log.RateLimiterDegraded(_logger, error.Message, _options.EffectiveReplicas);
        _metrics.SetDegraded(true);
        _probe = ProbeUntilRecoveredAsync(_stopping.Token);
    }

    /// <summary>Records that Redis answered: a run of timeouts in progress is over.</summary>
    public void ReportAnswer()
    {
        if (Volatile.Read(ref _firstTimeoutAt) != 0)
        {
            Volatile.Write(ref _firstTimeoutAt, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _probe.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task ProbeUntilRecoveredAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ProbeInterval, _timeProvider, cancellationToken).ConfigureAwait(false);

                // A restarted Redis has an empty script cache: load it now rather than on a message's NOSCRIPT.
                await _store.PingAsync(cancellationToken).ConfigureAwait(false);
                await _store.LoadScriptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RateLimitStoreUnavailableException)
            {
                continue;
            }

            // Gauge and log before the flag: no failure can be reported (and re-set the gauge) until the flag clears.
            _metrics.SetDegraded(false);
            Log.RateLimiterRecovered(_logger, _timeProvider.GetElapsedTime(Volatile.Read(ref _degradedSince)));
            Volatile.Write(ref _firstTimeoutAt, 0);
            Volatile.Write(ref _degraded, 0);
            return;
        }
    }

    /// <summary>True once timeouts have gone on, with no answer in between, for at least the tolerance.</summary>
    private bool TimeoutsPersisted()
    {
        var now = _timeProvider.GetTimestamp();
        var first = Interlocked.CompareExchange(ref _firstTimeoutAt, now, 0);
        return _timeProvider.GetElapsedTime(first == 0 ? now : first, now) >= _options.TimeoutTolerance;
    }
}
