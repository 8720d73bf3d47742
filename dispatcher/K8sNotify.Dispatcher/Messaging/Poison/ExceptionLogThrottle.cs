namespace K8sNotify.Dispatcher.Messaging.Poison;

/// <summary>
/// Decides which failures get a full stack trace in the log: the first of each distinct exception site per interval.
/// The others are counted, and the next full trace says how many were left out, so a flood of one bad message type
/// costs a line per interval instead of a trace per message.
/// </summary>
public sealed class ExceptionLogThrottle(TimeProvider time, TimeSpan interval)
{
    private const int MaxSites = 1024;

    private readonly Dictionary<string, Window> _sites = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Returns true when this exception's trace should be logged, with how many of its kind were suppressed before it.</summary>
    public bool ShouldLog(Exception exception, out int suppressed)
    {
        var site = SiteOf(exception);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_sites.TryGetValue(site, out var window) && now - window.Start < interval)
            {
                window.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = window?.Suppressed ?? 0;
            if (window is null && _sites.Count >= MaxSites)
            {
                // Many distinct sites means the keys are not stable; start over rather than grow without bound.
                _sites.Clear();
            }

            _sites[site] = new Window(now);
            return true;
        }
    }

    /// <summary>The exception type and the method that threw it (the inner exception's too), which identifies repeats of one bug.</summary>
    public static string SiteOf(Exception exception)
    {
        var inner = exception.InnerException;
        return $"{exception.GetType().FullName}@{exception.TargetSite?.DeclaringType?.FullName}.{exception.TargetSite?.Name}"
            + (inner is null ? "" : $"<{inner.GetType().FullName}@{inner.TargetSite?.DeclaringType?.FullName}.{inner.TargetSite?.Name}");
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Suppressed { get; set; }
    }
}
