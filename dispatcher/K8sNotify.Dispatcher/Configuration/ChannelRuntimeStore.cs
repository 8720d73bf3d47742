using System.Collections.Concurrent;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>The current <see cref="ChannelRuntime"/> of each Channel this process runs; reloads swap entries atomically.</summary>
public sealed class ChannelRuntimeStore
{
    private readonly ConcurrentDictionary<string, ChannelRuntime> _runtimes = new(StringComparer.Ordinal);

    /// <summary>Raised after a Channel's runtime was replaced (not on the first load).</summary>
    public event Action<ChannelRuntime>? Replaced;

    public IReadOnlyCollection<ChannelRuntime> All => [.. _runtimes.Values];

    public bool IsLoaded => !_runtimes.IsEmpty;

    public ChannelRuntime? Get(string @namespace, string channel) => Get(ChannelKey.Of(@namespace, channel));

    public ChannelRuntime? Get(string key) => _runtimes.TryGetValue(key, out var runtime) ? runtime : null;

    public void Set(ChannelRuntime runtime)
    {
        var replaced = false;
        _runtimes.AddOrUpdate(runtime.Key, runtime, (_, _) =>
        {
            replaced = true;
            return runtime;
        });
        if (replaced)
        {
            Replaced?.Invoke(runtime);
        }
    }
}
