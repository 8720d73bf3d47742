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

    private readonly Lock _gate = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, DelayedAdd> _delayed = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _backoffBase;
    private readonly TimeSpan _backoffMax;
    private readonly Action<int>? _depthChanged;

    public WorkQueue(TimeProvider timeProvider, TimeSpan backoffBase, TimeSpan backoffMax, Action<int>? depthChanged = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(backoffBase, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffMax, backoffBase);
        _timeProvider = timeProvider;
        _backoffBase = backoffBase;
        _backoffMax = backoffMax;
        _depthChanged = depthChanged;
    }

    /// <summary>Keys waiting to be handed out (not counting delayed ones or ones being processed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShutDown => _shutdown.IsCancellationRequested;

    /// <summary>Queues <paramref name="key"/> unless it already waits; if a worker holds it, it is queued again when that worker calls <see cref="Done"/>.</summary>
    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
            PublishDepth();
        }

        _available.Release();
    }

    /// <summary>Adds <paramref name="key"/> after <paramref name="delay"/>; when a delayed add of the key is already pending, the earlier one wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            var due = _timeProvider.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var entry = new DelayedAdd(due);
            _delayed[key] = entry;
            entry.Timer = _timeProvider.CreateTimer(_ => FireDelayed(key, entry), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff step (base × 2^failures, capped) and returns that delay.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        int attempt;
        lock (_gate)
        {
            _failures.TryGetValue(key, out attempt);
            _failures[key] = attempt + 1;
        }

        var delay = BackoffFor(attempt);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count: its next failure starts from the base delay again.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>How many consecutive failures the key has had since it was last forgotten.</summary>
    public int Failures(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for the next key and marks it as being processed; false once the queue is shut down.</summary>
    public async Task<(bool Found, TKey Key)> TryGetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            try
            {
                await _available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return (false, default!);
            }

            TKey key;
            lock (_gate)
            {
                if (_shutdown.IsCancellationRequested)
                {
                    return (false, default!);
                }

                if (!_queue.TryDequeue(out key!))
                {
                    continue;
                }

                _dirty.Remove(key);
                _processing.Add(key);
                PublishDepth();
            }

            return (true, key);
        }
    }

    /// <summary>Marks the key's processing finished; if it was added meanwhile, it is queued again now.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_shutdown.IsCancellationRequested || !_dirty.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
            PublishDepth();
        }

        _available.Release();
    }

    /// <summary>Stops handing out keys: waiting and future <see cref="TryGetAsync"/> calls return false; pending delayed adds are dropped.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            _shutdown.Cancel();
            foreach (var entry in _delayed.Values)
            {
                entry.Timer.Dispose();
            }

            _delayed.Clear();
            _queue.Clear();
            _dirty.Clear();
            PublishDepth();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
        _shutdown.Dispose();
    }

    internal TimeSpan BackoffFor(int attempt)
    {
        var exponent = Math.Min(attempt, MaxBackoffExponent);
        var ticks = _backoffBase.Ticks * Math.Pow(2, exponent);
        return ticks >= _backoffMax.Ticks ? _backoffMax : TimeSpan.FromTicks((long)ticks);
    }

    // Called with the gate held: publishing outside it let two threads report their depths in the opposite order
    // of the changes, leaving the gauge stuck at a stale non-zero value after the queue had drained.
    private void PublishDepth() => _depthChanged?.Invoke(_queue.Count);

    private void FireDelayed(TKey key, DelayedAdd entry)
    {
        lock (_gate)
        {
            if (!_delayed.TryGetValue(key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            _delayed.Remove(key);
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
