namespace K8sNotify.Dispatcher.Resilience;

/// <summary>
/// Holds one <see cref="ResilientProvider"/> per <see cref="ProviderInstanceKey"/>, shared by every Channel runtime
/// that uses it, so a config reload keeps an unchanged provider's circuit state and HTTP connections. Each runtime's
/// router holds one reference per link; when the last reference goes (the router was replaced and its in-flight
/// deliveries finished) the provider and its HTTP client are disposed.
/// </summary>
public sealed class SharedProviderPool
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ProviderInstanceKey, Entry> _entries = [];
    private readonly Dictionary<ResilientProvider, Entry> _byProvider = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many distinct provider instances are alive.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Returns the live instance for <paramref name="key"/> (one more reference) or builds it with <paramref name="create"/>.</summary>
    public ResilientProvider Acquire(ProviderInstanceKey key, Func<ResilientProvider> create)
    {
        ArgumentNullException.ThrowIfNull(create);

        // Built under the lock (reloads are rare and serial): building twice would reset the shared circuit gauge.
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var live))
            {
                live.References++;
                return live.Provider;
            }

            var built = create();
            var entry = new Entry(key, built);
            _entries[key] = entry;
            _byProvider[built] = entry;
            return built;
        }
    }

    /// <summary>Drops one reference; the last one disposes the provider.</summary>
    public void Release(ResilientProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_lock)
        {
            if (!_byProvider.TryGetValue(provider, out var entry) || --entry.References > 0)
            {
                return;
            }

            _entries.Remove(entry.Key);
            _byProvider.Remove(provider);
        }

        provider.Dispose();
    }

    private sealed class Entry(ProviderInstanceKey key, ResilientProvider provider)
    {
        public ProviderInstanceKey Key { get; } = key;

        public ResilientProvider Provider { get; } = provider;

        public int References { get; set; } = 1;
    }
}
