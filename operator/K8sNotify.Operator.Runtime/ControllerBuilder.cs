using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>
/// Declares what a controller watches: its primary kind (whose own events enqueue its own key), kinds it owns
/// (enqueued through ownerReferences), and other kinds mapped to primary keys by a function or a secondary index.
/// </summary>
/// <typeparam name="TPrimary">The kind the controller reconciles.</typeparam>
public sealed class ControllerBuilder<TPrimary>
    where TPrimary : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<WatchRegistration> _watches = [];
    private readonly List<(string Name, Func<TPrimary, IEnumerable<string>> IndexFunc)> _indexes = [];

    internal ControllerBuilder()
    {
    }

    internal IReadOnlyList<WatchRegistration> WatchRegistrations => _watches;

    internal IReadOnlyList<(string Name, Func<TPrimary, IEnumerable<string>> IndexFunc)> Indexes => _indexes;

    internal int? Workers { get; private set; }

    internal Func<ResourceEvent<TPrimary>, bool> PrimaryFilter { get; private set; } = ResourceEventFilters.SkipStatusOnlyUpdates;

    /// <summary>Concurrent reconciles for this controller (default <see cref="OperatorOptions.Workers"/>).</summary>
    public ControllerBuilder<TPrimary> WithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        return this;
    }

    /// <summary>
    /// Which events of the primary kind enqueue its key. Default <see cref="ResourceEventFilters.SkipStatusOnlyUpdates"/>:
    /// a reconciler's own status writes do not trigger another reconcile.
    /// </summary>
    public ControllerBuilder<TPrimary> WithPrimaryFilter(Func<ResourceEvent<TPrimary>, bool> filter)
    {
        PrimaryFilter = filter ?? throw new ArgumentNullException(nameof(filter));
        return this;
    }

    /// <summary>Adds a secondary index on the primary cache (see <see cref="IObjectCache{T}.AddIndex"/>), for use with <see cref="WatchesByIndex{TWatched}"/>.</summary>
    public ControllerBuilder<TPrimary> WithIndex(string indexName, Func<TPrimary, IEnumerable<string>> indexFunc)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        ArgumentNullException.ThrowIfNull(indexFunc);
        _indexes.Add((indexName, indexFunc));
        return this;
    }

    /// <summary>Enqueues the owner of every changed <typeparamref name="TOwned"/> whose controller/owner reference points at a <typeparamref name="TPrimary"/>.</summary>
    public ControllerBuilder<TPrimary> Owns<TOwned>()
        where TOwned : class, IKubernetesObject<V1ObjectMeta>
    {
        var primary = ResourceKinds.For<TPrimary>();
        return Watches<TOwned>((e, _) => OwnerKeys(e.Object, primary));
    }

    /// <summary>Enqueues the keys <paramref name="map"/> returns for every change of <typeparamref name="TWatched"/> (the provider gives access to caches).</summary>
    public ControllerBuilder<TPrimary> Watches<TWatched>(Func<ResourceEvent<TWatched>, IServiceProvider, IEnumerable<ObjectKey>> map)
        where TWatched : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        _watches.Add(new WatchRegistration(typeof(TWatched), (services, enqueue) =>
            services.GetRequiredService<IResourceInformer<TWatched>>().Subscribe(e =>
            {
                foreach (var key in map(e, services))
                {
                    enqueue(key);
                }
            })));
        return this;
    }

    /// <summary>
    /// Enqueues the primaries whose index <paramref name="indexName"/> (see <see cref="WithIndex"/>) contains any of
    /// <paramref name="indexValues"/> of a changed <typeparamref name="TWatched"/>: "Template ns/x changed → the Channels that use ns/x".
    /// </summary>
    public ControllerBuilder<TPrimary> WatchesByIndex<TWatched>(string indexName, Func<TWatched, IEnumerable<string>> indexValues)
        where TWatched : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        ArgumentNullException.ThrowIfNull(indexValues);
        return Watches<TWatched>((e, services) =>
        {
            var primaries = services.GetRequiredService<IResourceInformer<TPrimary>>();
            return indexValues(e.Object).SelectMany(value => primaries.ByIndex(indexName, value)).Select(ObjectKey.Of).Distinct();
        });
    }

    private static IEnumerable<ObjectKey> OwnerKeys(IKubernetesObject<V1ObjectMeta> owned, ResourceKind<TPrimary> primary)
    {
        foreach (var owner in owned.Metadata?.OwnerReferences ?? [])
        {
            // Owner references name the owner's apiVersion; any version of the same group is the same object.
            if (string.Equals(owner.Kind, primary.Kind, StringComparison.Ordinal) &&
                string.Equals(GroupOf(owner.ApiVersion), primary.Group, StringComparison.Ordinal))
            {
                yield return new ObjectKey(owned.Metadata!.NamespaceProperty ?? string.Empty, owner.Name);
            }
        }
    }

    private static string GroupOf(string? apiVersion) =>
        apiVersion is null ? string.Empty : apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    /// <summary>One watched kind: subscribes a mapping to its informer and returns the subscription.</summary>
    internal sealed record WatchRegistration(Type Kind, Func<IServiceProvider, Action<ObjectKey>, IDisposable> Subscribe);
}
