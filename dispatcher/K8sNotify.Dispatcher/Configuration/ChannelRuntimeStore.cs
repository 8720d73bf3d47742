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
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised after a Channel's runtime was replaced (not on the first load).</summary>
    public event Action<ChannelRuntime>? Replaced;

    public IReadOnlyCollection<ChannelRuntime> All => [.. _runtimes.Values];

    public bool IsLoaded => !_runtimes.IsEmpty;

    /// <summary>Completes at the next <see cref="Set"/>: read it before checking a runtime, then await it to wait for a reload without polling.</summary>
    public Task Changed
    {
        get
        {
            lock (_swap)
            {
                return _changed.Task;
            }
        }
    }

    public ChannelRuntime? Get(string @namespace, string channel) => Get(ChannelKey.Of(@namespace, channel));

    public ChannelRuntime? Get(string key) => _runtimes.TryGetValue(key, out var runtime) ? runtime : null;

    public void Set(ChannelRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ChannelRuntime? previous;
        TaskCompletionSource changed;
        lock (_swap)
        {
            _runtimes.TryGetValue(runtime.Key, out previous);
            _runtimes[runtime.Key] = runtime;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();

        if (previous is not null && !ReferenceEquals(previous, runtime))
        {
            previous.Router.Retire();
            Replaced?.Invoke(runtime);
        }
    }
}
