using System.Collections.Concurrent;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>
/// An in-memory copy of a KV bucket kept current by a watch, so the per-notification lookups cost a dictionary read
/// instead of a round trip. Preferences and suppressions exist for few recipients, so the copy stays small. Until the
/// watch has caught up (and whenever it is down) lookups read the bucket directly.
/// </summary>
public sealed class KvMirror(INatsKVStore bucket, ILogger logger) : IAsyncDisposable
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _watch;
    private volatile bool _synced;

    public INatsKVStore Bucket => bucket;

    /// <summary>True once the watch delivered every entry that existed when it started.</summary>
    public bool Synced => _synced;

    public void Start() => _watch ??= Task.Run(() => WatchLoopAsync(_stop.Token));

    /// <summary>The value of a key: from memory when synced, else from the bucket; null when missing or deleted.</summary>
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_synced)
        {
            return _values.TryGetValue(key, out var value) ? value : null;
        }

        var entry = await Status.KvEntries.GetOrNullAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        return entry?.Value;
    }

    /// <summary>Every (key, value) under a prefix, from memory when synced, else from the bucket.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        if (_synced)
        {
            return [.. _values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))];
        }

        var result = new List<KeyValuePair<string, byte[]>>();
        try
        {
            await foreach (var key in bucket.GetKeysAsync([prefix + ">"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } value)
                {
                    result.Add(KeyValuePair.Create(key, value));
                }
            }
        }
        catch (NatsKVException)
        {
            // No keys.
        }

        return result;
    }

    /// <summary>Applies a write of this process at once, so a read right after it sees it even before the watch does.</summary>
    public void Apply(string key, byte[]? value)
    {
        if (value is null)
        {
            _values.TryRemove(key, out _);
        }
        else
        {
            _values[key] = value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watch is not null)
        {
            try
            {
                await _watch.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        _stop.Dispose();
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WatchAsync(cancellationToken).ConfigureAwait(false);

                // The watch ended without an error (the server closed it): read the bucket directly until it is back.
                _synced = false;
                await Task.Delay(RestartDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The watch restarts after any failure; lookups read the bucket meanwhile.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _synced = false;
                logger.RecipientWatchFailed(bucket.Bucket, e.Message);
                await Task.Delay(RestartDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var opts = new NatsKVWatchOpts
        {
            // An empty bucket: nothing to load. False keeps the watch open for later writes.
            OnNoData = _ =>
            {
                _values.Clear();
                _synced = true;
                return ValueTask.FromResult(false);
            },
        };
        await foreach (var entry in bucket.WatchAsync(Raw, opts, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Operation == NatsKVOperation.Put && entry.Value is { } value)
            {
                _values[entry.Key] = value;
            }
            else
            {
                _values.TryRemove(entry.Key, out _);
            }

            if (!_synced)
            {
                seen.Add(entry.Key);
                if (entry.Delta == 0)
                {
                    // Drop what the previous watch had but the bucket no longer holds.
                    foreach (var stale in _values.Keys.Where(k => !seen.Contains(k)).ToList())
                    {
                        _values.TryRemove(stale, out _);
                    }

                    _synced = true;
                }
            }
        }
    }
}
