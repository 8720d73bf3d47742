namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// GCRA state in this process's memory: the standalone limiter, and the fallback while Redis is unreachable.
/// The same arithmetic as the Redis script, on <see cref="TimeProvider"/> time.
/// </summary>
internal sealed class InMemoryGcraStore(TimeProvider timeProvider) : IGcraStore
{
    /// <summary>Idle keys are swept after at least this many decisions (amortised: a sweep is O(keys)).</summary>
    private const int MinimumDecisionsBetweenSweeps = 1024;

    private readonly Dictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _decisionsSinceSweep;

    /// <summary>How many keys hold state (not idle yet, or not swept yet).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _arrivals.Count;
            }
        }
    }

    public ValueTask<GcraOutcome> AcquireAsync(IReadOnlyList<GcraRequest> requests, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Acquire(requests));

    /// <inheritdoc cref="IGcraStore.AcquireAsync"/>
    public GcraOutcome Acquire(IReadOnlyList<GcraRequest> requests)
    {
        var now = (timeProvider.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        Span<long> arrivals = stackalloc long[Math.Min(requests.Count, 16)];
        if (requests.Count > arrivals.Length)
        {
            arrivals = new long[requests.Count];
        }

        lock (_lock)
        {
            long[]? excess = null;
            for (var i = 0; i < requests.Count; i++)
            {
                var (key, limit, cost) = requests[i];
                var arrival = _arrivals.TryGetValue(key, out var stored) && stored > now ? stored : now;
                var next = arrival + (limit.EmissionIntervalMicros * cost);
                var over = next - now - limit.WindowMicros;
                if (over > 0)
                {
                    excess ??= new long[requests.Count];
                    excess[i] = over;
                }

                arrivals[i] = next;
            }

            if (excess is not null)
            {
                return new GcraOutcome(false, now, excess);
            }

            for (var i = 0; i < requests.Count; i++)
            {
                _arrivals[requests[i].Key] = arrivals[i];
            }

            SweepIfDue(now);
            return new GcraOutcome(true, now, null);
        }
    }

    private void SweepIfDue(long now)
    {
        if (++_decisionsSinceSweep < Math.Max(MinimumDecisionsBetweenSweeps, _arrivals.Count))
        {
            return;
        }

        _decisionsSinceSweep = 0;
        foreach (var (key, arrival) in _arrivals)
        {
            // A key whose arrival time has passed is idle: forgetting it changes no decision.
            if (arrival <= now)
            {
                _arrivals.Remove(key);
            }
        }
    }
}
