using System.Collections.Immutable;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>
/// List+watch cache of one kind across the watched namespaces: initial list → cache and resourceVersion, watch from
/// there with bookmarks, relist on 410 Gone, re-watch from the last resourceVersion after a dropped connection (with
/// backoff), and a periodic resync that hands every cached object to the subscribers again.
/// </summary>
/// <typeparam name="T">The watched kind.</typeparam>
internal sealed class ResourceInformer<T> : IResourceInformer<T>, IRunnableInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    internal static readonly TimeSpan RetryBackoffBase = TimeSpan.FromMilliseconds(200);
    internal static readonly TimeSpan RetryBackoffMax = TimeSpan.FromSeconds(30);

    /// <summary>A watch that ends sooner than this without delivering anything is treated like a failure (backoff), so a misbehaving server cannot make us spin.</summary>
    private static readonly TimeSpan MinimumHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly ResourceKind<T> _kind;
    private readonly IKubernetes _client;
    private readonly OperatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexFuncs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> _indexes = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string?> _namespaces;
    private readonly HashSet<string> _syncedScopes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<Action<ResourceEvent<T>>> _handlers = [];

    public ResourceInformer(ResourceKind<T> kind, IKubernetes client, OperatorOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _kind = kind;
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _namespaces = options.EffectiveNamespaces;
    }

    public string Kind => _kind.Kind;

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The last resourceVersion each scope has seen (list, event or bookmark); exposed for tests.</summary>
    internal IReadOnlyDictionary<string, string> ResourceVersions
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_resourceVersions, StringComparer.Ordinal);
            }
        }
    }

    private readonly Dictionary<string, string> _resourceVersions = new(StringComparer.Ordinal);

    public T? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (_gate)
        {
            return @namespace is null
                ? _items.Values.ToList()
                : _items.Where(pair => string.Equals(pair.Key.Namespace, @namespace, StringComparison.Ordinal)).Select(pair => pair.Value).ToList();
        }
    }

    public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexFunc)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        ArgumentNullException.ThrowIfNull(indexFunc);
        lock (_gate)
        {
            _indexFuncs[indexName] = indexFunc;
            var index = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
            _indexes[indexName] = index;
            foreach (var (key, obj) in _items)
            {
                foreach (var value in IndexValues(indexFunc, obj))
                {
                    AddToIndex(index, value, key);
                }
            }
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new InvalidOperationException($"No index '{indexName}' on the {_kind.Kind} cache.");
            }

            return index.TryGetValue(value, out var keys) ? keys.Select(key => _items[key]).ToList() : [];
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public IDisposable Subscribe(Action<ResourceEvent<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, list => list.Remove(handler)));
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_namespaces.Select(ns => ReflectAsync(ns, cancellationToken)).Append(ResyncAsync(cancellationToken)));

    private async Task ReflectAsync(string? ns, CancellationToken cancellationToken)
    {
        var scope = ns ?? "all namespaces";
        var scopeKey = ns ?? string.Empty;
        string? resourceVersion = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (listed, listVersion) = await _kind.ListAsync(_client, ns, cancellationToken).ConfigureAwait(false);
                    Replace(ns, listed.Select(Cacheable).ToList());
                    resourceVersion = listVersion;
                    SetResourceVersion(scopeKey, listVersion);
                    MarkSynced(scopeKey);
                    Log.InformerListed(_logger, _kind.Kind, listed.Count, scope, listVersion);
                    failures = 0;
                }

                var outcome = await WatchOnceAsync(ns, scopeKey, resourceVersion, cancellationToken).ConfigureAwait(false);
                resourceVersion = outcome.ResourceVersion;
                switch (outcome.End)
                {
                    case WatchEnd.Gone:
                        Log.InformerGone(_logger, _kind.Kind, scope, resourceVersion ?? string.Empty);
                        resourceVersion = null;
                        break;
                    case WatchEnd.Failed:
                        await DelayAsync(++failures, scope, null, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        failures = 0;
                        Log.InformerWatchClosed(_logger, _kind.Kind, scope, resourceVersion ?? string.Empty);
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
            {
                Log.InformerGone(_logger, _kind.Kind, scope, resourceVersion ?? string.Empty);
                resourceVersion = null;
            }
            catch (Exception ex)
            {
                // Transport errors, 5xx, dropped connections: re-watch from the last version seen (event or bookmark),
                // unless the list itself failed.
                if (resourceVersion is not null)
                {
                    resourceVersion = LastVersion(scopeKey) ?? resourceVersion;
                }

                try
                {
                    await DelayAsync(++failures, scope, ex, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<(WatchEnd End, string? ResourceVersion)> WatchOnceAsync(string? ns, string scopeKey, string resourceVersion, CancellationToken cancellationToken)
    {
        var gone = false;
        string? errorReason = null;
        var delivered = false;
        var started = _timeProvider.GetTimestamp();
        using var watchCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeoutSeconds = (int)Math.Max(1, _options.WatchTimeout.TotalSeconds);

        void OnError(Exception ex)
        {
            if (ex is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
            {
                gone = true;
            }
            else
            {
                errorReason = ex is KubernetesException k ? k.Status?.Message ?? "error event" : ex.GetType().Name;
            }
        }

        await foreach (var (type, obj) in _kind.WatchAsync(_client, ns, resourceVersion, timeoutSeconds, OnError, watchCancellation.Token).ConfigureAwait(false))
        {
            if (obj?.Metadata is null)
            {
                continue;
            }

            delivered = true;
            var version = obj.Metadata.ResourceVersion;
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    Upsert(Cacheable(obj));
                    break;
                case WatchEventType.Deleted:
                    Remove(Cacheable(obj));
                    break;
                case WatchEventType.Bookmark:
                    break;
                default:
                    continue;
            }

            if (!string.IsNullOrEmpty(version))
            {
                resourceVersion = version;
                SetResourceVersion(scopeKey, version);
            }

            if (gone || errorReason is not null)
            {
                break;
            }
        }

        if (gone)
        {
            return (WatchEnd.Gone, resourceVersion);
        }

        if (errorReason is not null)
        {
            Log.InformerWatchError(_logger, _kind.Kind, ns ?? "all namespaces", errorReason);
            return (WatchEnd.Failed, resourceVersion);
        }

        var healthy = delivered || _timeProvider.GetElapsedTime(started) >= MinimumHealthyWatch;
        return (healthy ? WatchEnd.Closed : WatchEnd.Failed, resourceVersion);
    }

    private async Task DelayAsync(int failures, string scope, Exception? exception, CancellationToken cancellationToken)
    {
        var exponent = Math.Min(failures - 1, 16);
        var delay = TimeSpan.FromTicks(Math.Min(RetryBackoffMax.Ticks, RetryBackoffBase.Ticks << exponent));
        Log.InformerFailed(_logger, exception ?? new InvalidOperationException("watch ended without events"), _kind.Kind, scope, delay);
        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!HasSynced)
                {
                    continue;
                }

                foreach (var obj in List())
                {
                    Notify(new ResourceEvent<T>(ResourceEventType.Resynced, obj, obj));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Replace(string? ns, IReadOnlyList<T> listed)
    {
        var events = new List<ResourceEvent<T>>();
        lock (_gate)
        {
            var seen = new HashSet<ObjectKey>();
            foreach (var obj in listed)
            {
                var key = ObjectKey.Of(obj);
                seen.Add(key);
                if (_items.TryGetValue(key, out var old))
                {
                    if (!string.Equals(old.Metadata.ResourceVersion, obj.Metadata.ResourceVersion, StringComparison.Ordinal))
                    {
                        Store(key, obj, old);
                        events.Add(new ResourceEvent<T>(ResourceEventType.Updated, obj, old));
                    }
                }
                else
                {
                    Store(key, obj, null);
                    events.Add(new ResourceEvent<T>(ResourceEventType.Added, obj));
                }
            }

            // Objects deleted while we were not watching: gone from the list, so deliver their last known state.
            var stale = _items.Where(pair => (ns is null || string.Equals(pair.Key.Namespace, ns, StringComparison.Ordinal)) && !seen.Contains(pair.Key)).ToList();
            foreach (var (key, old) in stale)
            {
                Delete(key, old);
                events.Add(new ResourceEvent<T>(ResourceEventType.Deleted, old));
            }
        }

        foreach (var e in events)
        {
            Notify(e);
        }
    }

    private void Upsert(T obj)
    {
        ResourceEvent<T> e;
        lock (_gate)
        {
            var key = ObjectKey.Of(obj);
            _items.TryGetValue(key, out var old);
            Store(key, obj, old);
            e = old is null ? new ResourceEvent<T>(ResourceEventType.Added, obj) : new ResourceEvent<T>(ResourceEventType.Updated, obj, old);
        }

        Notify(e);
    }

    private void Remove(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (_gate)
        {
            if (_items.TryGetValue(key, out var old))
            {
                Delete(key, old);
            }
        }

        Notify(new ResourceEvent<T>(ResourceEventType.Deleted, obj));
    }

    private void Store(ObjectKey key, T obj, T? old)
    {
        foreach (var (name, indexFunc) in _indexFuncs)
        {
            var index = _indexes[name];
            if (old is not null)
            {
                foreach (var value in IndexValues(indexFunc, old))
                {
                    RemoveFromIndex(index, value, key);
                }
            }

            foreach (var value in IndexValues(indexFunc, obj))
            {
                AddToIndex(index, value, key);
            }
        }

        _items[key] = obj;
    }

    private void Delete(ObjectKey key, T old)
    {
        foreach (var (name, indexFunc) in _indexFuncs)
        {
            foreach (var value in IndexValues(indexFunc, old))
            {
                RemoveFromIndex(_indexes[name], value, key);
            }
        }

        _items.Remove(key);
    }

    private static IEnumerable<string> IndexValues(Func<T, IEnumerable<string>> indexFunc, T obj) => indexFunc(obj)?.Distinct(StringComparer.Ordinal) ?? [];

    // managedFields is often the largest part of an object and no reconciler reads it: not keeping it saves memory per cached object.
    private T Cacheable(T obj)
    {
        if (obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return _kind.Transform(obj);
    }

    private static void AddToIndex(Dictionary<string, HashSet<ObjectKey>> index, string value, ObjectKey key)
    {
        if (!index.TryGetValue(value, out var keys))
        {
            keys = [];
            index[value] = keys;
        }

        keys.Add(key);
    }

    private static void RemoveFromIndex(Dictionary<string, HashSet<ObjectKey>> index, string value, ObjectKey key)
    {
        if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            index.Remove(value);
        }
    }

    private void SetResourceVersion(string scopeKey, string version)
    {
        lock (_gate)
        {
            _resourceVersions[scopeKey] = version;
        }
    }

    private string? LastVersion(string scopeKey)
    {
        lock (_gate)
        {
            return _resourceVersions.GetValueOrDefault(scopeKey);
        }
    }

    private void MarkSynced(string scopeKey)
    {
        bool all;
        lock (_gate)
        {
            _syncedScopes.Add(scopeKey);
            all = _syncedScopes.Count == _namespaces.Count;
        }

        if (all)
        {
            _synced.TrySetResult();
        }
    }

    private void Notify(ResourceEvent<T> e)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(e);
            }
            catch (Exception ex)
            {
                // A faulty mapping must not stop the informer: the other subscribers and the cache stay current.
                Log.InformerHandlerFailed(_logger, ex, _kind.Kind);
            }
        }
    }

    private enum WatchEnd
    {
        Closed,
        Gone,
        Failed,
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
