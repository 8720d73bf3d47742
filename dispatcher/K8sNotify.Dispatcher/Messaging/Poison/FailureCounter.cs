using System.Collections.Concurrent;

namespace K8sNotify.Dispatcher.Messaging.Poison;

/// <summary>
/// Counts failed processing attempts per message (Channel and stream sequence). The count lives in this process: with
/// several replicas a message is tried at most the limit on each one that receives it, which still bounds it.
/// </summary>
public sealed class FailureCounter(int capacity)
{
    private readonly ConcurrentDictionary<(string Channel, ulong Sequence), int> _counts = new();
    private readonly ConcurrentQueue<(string Channel, ulong Sequence)> _order = new();

    /// <summary>Counts one more failure and returns the total so far.</summary>
    public int Increment(string channel, ulong sequence)
    {
        var key = (channel, sequence);
        var count = _counts.AddOrUpdate(key, 1, static (_, n) => n + 1);
        if (count == 1)
        {
            _order.Enqueue(key);
            Trim();
        }

        return count;
    }

    /// <summary>Forgets a message (it succeeded or was dead-lettered).</summary>
    public void Forget(string channel, ulong sequence)
    {
        if (!_counts.IsEmpty)
        {
            _counts.TryRemove((channel, sequence), out _);
        }
    }

    public int Tracked => _counts.Count;

    // Keeps the memory bounded under a flood of distinct failing messages; forgetting only restarts a count.
    private void Trim()
    {
        while (_counts.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _counts.TryRemove(oldest, out _);
        }

        // Keys removed by Forget stay queued until they come up; cap the queue too.
        while (_order.Count > capacity * 2 && _order.TryDequeue(out var stale))
        {
            _counts.TryRemove(stale, out _);
        }
    }
}
