using System.Collections.Concurrent;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>
/// The current <see cref="ChannelRuntime"/> of each Channel this process runs; reloads swap entries atomically and
/// retire the replaced runtime (its providers are released once its in-flight deliveries finish).
/// </summary>
public sealed class ChannelRuntimeStore
{
    private readonly ConcurrentDictionary<string, ChannelRuntime> _runtimes = new(StringComparer.Ordinal);
    private readonly Lock _swap = new();

    /// <summary>Raised after a Channel's runtime was replaced (not on the first load).</summary>
    public event Action<ChannelRuntime>? Replaced;

    public IReadOnlyCollection<ChannelRuntime> All => [.. _runtimes.Values];

    public bool IsLoaded => !_runtimes.IsEmpty;

    public ChannelRuntime? Get(string @namespace, string channel) => Get(ChannelKey.Of(@namespace, channel));

    public ChannelRuntime? Get(string key) => _runtimes.TryGetValue(key, out var runtime) ? runtime : null;

    public void Set(ChannelRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ChannelRuntime? previous;
        lock (_swap)
        {
            _runtimes.TryGetValue(runtime.Key, out previous);
            _runtimes[runtime.Key] = runtime;
        }

        if (previous is not null && !ReferenceEquals(previous, runtime))
        {
            previous.Router.Retire();
            Replaced?.Invoke(runtime);
        }
    }
}
