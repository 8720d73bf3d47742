using System.Globalization;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// How many replicas share a Channel's limits right now, for the in-memory limiter's division. The operator writes the
/// Deployment's current replica count into a key of the config ConfigMap that is not part of the pod-template checksum,
/// so the HorizontalPodAutoscaler scaling does not restart pods; the mounted file (<c>K8SNOTIFY_REPLICAS_FILE</c>) is
/// re-read every <see cref="RefreshInterval"/>. Without a usable file, <see cref="RateLimiterOptions.Replicas"/>
/// (<c>K8SNOTIFY_REPLICAS</c>, the autoscaler's minimum) or 1.
/// </summary>
public sealed class ReplicaCount
{
    /// <summary>How often the file is read again; the kubelet updates a mounted ConfigMap within about a minute anyway.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly RateLimiterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplicaCount> _logger;
    private readonly Lock _gate = new();
    private int _current;
    private long _nextReadUtcTicks;

    public ReplicaCount(IOptions<RateLimiterOptions> options, TimeProvider time, ILogger<ReplicaCount> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _current = _options.EffectiveReplicas;
    }

    /// <summary>The divisor of the in-memory limiter (at least 1).</summary>
    public int Current
    {
        get
        {
            if (string.IsNullOrEmpty(_options.ReplicasFile))
            {
                return _current;
            }

            // Read on every rate-limit decision: between refreshes no lock is taken, so workers do not queue on it.
            var now = _time.GetUtcNow().UtcTicks;
            if (now < Volatile.Read(ref _nextReadUtcTicks))
            {
                return Volatile.Read(ref _current);
            }

            lock (_gate)
            {
                if (now >= _nextReadUtcTicks)
                {
                    Refresh(_options.ReplicasFile);
                    Volatile.Write(ref _nextReadUtcTicks, now + RefreshInterval.Ticks);
                }

                return _current;
            }
        }
    }

    private void Refresh(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not written yet (an older operator) or unreadable: keep the last value.
            return;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas) || replicas < 1 || replicas > RateLimiterOptions.MaxReplicas)
        {
            return;
        }

        if (replicas != _current)
        {
            Log.ReplicaCountChanged(_logger, _current, replicas);
            Volatile.Write(ref _current, replicas);
        }
    }
}
