namespace K8sNotify.Operator.Runtime;

/// <summary>
/// A de-duplicating FIFO of keys for one controller: a key waits at most once, is handed to at most one worker at a
/// time (a key added while it is being processed comes back once that worker is done), can be added after a delay,
/// and carries its own exponential backoff for failed attempts.
/// </summary>
/// <typeparam name="TKey">The key type, usually <see cref="ObjectKey"/>.</typeparam>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private const int MaxBackoffExponent = 30;

    private readonly Lock gate = new();
    private readonly Queue<TKey> queue = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, int> failures = [];
    private readonly Dictionary<TKey, DelayedAdd> delayed = [];
    private readonly SemaphoreSlim available = new(0);
    private readonly CancellationTokenSource shutdown = new();
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan backoffBase;
    private readonly TimeSpan backoffMax;
    private readonly Action<int>? depthChanged;

    public WorkQueue(TimeProvider timeProvider, TimeSpan backoffBase, TimeSpan backoffMax, Action<int>? depthChanged = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(backoffBase, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffMax, backoffBase);
        this.timeProvider = timeProvider;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
        this.depthChanged = depthChanged;
    }

    /// <summary>Keys waiting to be handed out (not counting delayed ones or ones being processed).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public bool IsShutDown => shutdown.IsCancellationRequested;

    /// <summary>Queues <paramref name="key"/> unless it already waits; if a worker holds it, it is queued again when that worker calls <see cref="Done"/>.</summary>
    public void Add(TKey key)
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested || !dirty.Add(key) || processing.Contains(key))
            {
                return;
            }

            queue.Enqueue(key);
            PublishDepth();
        }

        available.Release();
    }

    /// <summary>Adds <paramref name="key"/> after <paramref name="delay"/>; when a delayed add of the key is already pending, the earlier one wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            var due = timeProvider.GetUtcNow() + delay;
            if (delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var entry = new DelayedAdd(due);
            delayed[key] = entry;
            entry.Timer = timeProvider.CreateTimer(_ => FireDelayed(key, entry), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff step (base × 2^failures, capped) and returns that delay.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        int attempt;
        lock (gate)
        {
            failures.TryGetValue(key, out attempt);
            failures[key] = attempt + 1;
        }

        var delay = BackoffFor(attempt);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count: its next failure starts from the base delay again.</summary>
    public void Forget(TKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many consecutive failures the key has had since it was last forgotten.</summary>
    public int Failures(TKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for the next key and marks it as being processed; false once the queue is shut down.</summary>
    public async Task<(bool Found, TKey Key)> TryGetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        while (true)
        {
            try
            {
                await available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return (false, default!);
            }

            TKey key;
            lock (gate)
            {
                if (shutdown.IsCancellationRequested)
                {
                    return (false, default!);
                }

                if (!queue.TryDequeue(out key!))
                {
                    continue;
                }

                dirty.Remove(key);
                processing.Add(key);
                PublishDepth();
            }

            return (true, key);
        }
    }

    /// <summary>Marks the key's processing finished; if it was added meanwhile, it is queued again now.</summary>
    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (shutdown.IsCancellationRequested || !dirty.Contains(key))
            {
                return;
            }

            queue.Enqueue(key);
            PublishDepth();
        }

        available.Release();
    }

    /// <summary>Stops handing out keys: waiting and future <see cref="TryGetAsync"/> calls return false; pending delayed adds are dropped.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            shutdown.Cancel();
            foreach (var entry in delayed.Values)
            {
                entry.Timer.Dispose();
            }

            delayed.Clear();
            queue.Clear();
            dirty.Clear();
            PublishDepth();
        }
    }

    public void Dispose()
    {
        ShutDown();
        available.Dispose();
        shutdown.Dispose();
    }

    internal TimeSpan BackoffFor(int attempt)
    {
        var exponent = Math.Min(attempt, MaxBackoffExponent);
        var ticks = backoffBase.Ticks * Math.Pow(2, exponent);
        return ticks >= backoffMax.Ticks ? backoffMax : TimeSpan.FromTicks((long)ticks);
    }

    // Called with the gate held: publishing outside it let two threads report their depths in the opposite order
    // of the changes, leaving the gauge stuck at a stale non-zero value after the queue had drained.
    private void PublishDepth() => depthChanged?.Invoke(queue.Count);

    private void FireDelayed(TKey key, DelayedAdd entry)
    {
        lock (gate)
        {
            if (!delayed.TryGetValue(key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            delayed.Remove(key);
            entry.Timer.Dispose();
        }

        Add(key);
    }

    private sealed class DelayedAdd(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; } = due;

        public ITimer Timer { get; set; } = null!;
    }
}
