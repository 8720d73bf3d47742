using K8sNotify.Api.Conventions;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// One rate limit in GCRA terms, in microseconds (the resolution of Redis <c>TIME</c>): the emission interval
/// T = period / requests and the tolerance τ = T × (burst − 1).
/// </summary>
/// <remarks>
/// A request of cost c is allowed when <c>max(TAT, now) + c·T − now ≤ τ + T</c>, where TAT is the stored
/// theoretical arrival time; it then sets TAT to that sum. So from idle exactly <c>burst</c> requests pass at
/// once, then one more every T. A denied request changes nothing and waits the excess over <c>τ + T</c>.
/// <c>burst</c> is the bucket's capacity (defaults to <c>requests</c>; 0 and 1 both mean strictly spaced).
/// </remarks>
public readonly record struct GcraLimit
{
    /// <summary>The smallest emission interval: rates above one per microsecond are capped there.</summary>
    public const long MinimumEmissionIntervalMicros = 1;

    /// <summary>The largest burst window (about 35 years) so Lua's doubles stay exact.</summary>
    public const long MaximumWindowMicros = 1L << 50;

    private GcraLimit(long emissionIntervalMicros, long burst)
    {
        EmissionIntervalMicros = emissionIntervalMicros;
        Burst = burst;
        ToleranceMicros = Math.Min(emissionIntervalMicros * (burst - 1), MaximumWindowMicros - emissionIntervalMicros);
    }

    /// <summary>T: the steady spacing between two requests.</summary>
    public long EmissionIntervalMicros { get; }

    /// <summary>τ: how far ahead of the steady rate the stored arrival time may run.</summary>
    public long ToleranceMicros { get; }

    /// <summary>How many requests pass at once from idle.</summary>
    public long Burst { get; }

    /// <summary>τ + T: the longest a key stays non-idle, and so its TTL.</summary>
    public long WindowMicros => ToleranceMicros + EmissionIntervalMicros;

    /// <summary>
    /// The limit for <paramref name="requests"/> per <paramref name="period"/> with an optional burst capacity,
    /// divided among <paramref name="replicas"/> processes when each enforces its share alone.
    /// </summary>
    /// <exception cref="ArgumentException">The numbers describe no usable rate.</exception>
    public static GcraLimit Create(int requests, TimeSpan period, int? burst = null, int replicas = 1)
    {
        if (requests < 1)
        {
            throw new ArgumentException($"a rate limit needs at least 1 request per period, not {requests}", nameof(requests));
        }

        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentException($"a rate limit period must be longer than zero, not {Durations.Format(period)}", nameof(period));
        }

        if (burst < 0)
        {
            throw new ArgumentException($"a rate limit burst cannot be negative ({burst})", nameof(burst));
        }

        if (replicas < 1)
        {
            throw new ArgumentException($"the replica count must be at least 1, not {replicas}", nameof(replicas));
        }

        // Each of n replicas gets 1/n of the rate (n × the interval) and 1/n of the burst, never less than one.
        var periodMicros = period.Ticks / TimeSpan.TicksPerMicrosecond;
        var interval = (long)Int128.Clamp((Int128)periodMicros * replicas / requests, MinimumEmissionIntervalMicros, MaximumWindowMicros);
        var capacity = Math.Max(1L, (burst ?? requests) / replicas);
        return new GcraLimit(interval, capacity);
    }
}
