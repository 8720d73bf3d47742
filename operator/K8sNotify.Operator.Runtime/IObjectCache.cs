using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>
/// Read side of an informer: the objects of one kind in the watched namespaces, as last seen by list+watch.
/// Returned objects are shared with the cache: never mutate them (copy first).
/// </summary>
/// <typeparam name="T">The cached kind.</typeparam>
public interface IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>True once the first list of every watched namespace has been stored.</summary>
    bool HasSynced { get; }

    /// <summary>The object with <paramref name="key"/>, or null when it does not exist (or is not watched).</summary>
    T? Get(ObjectKey key);

    /// <summary>All cached objects, or those in <paramref name="namespace"/> when given.</summary>
    IReadOnlyList<T> List(string? @namespace = null);

    /// <summary>
    /// Adds a secondary index: <paramref name="indexFunc"/> returns the index values of an object (for example
    /// <c>namespace/templateName</c> for each Template a Channel uses). Safe to call before or after the cache starts.
    /// </summary>
    void AddIndex(string indexName, Func<T, IEnumerable<string>> indexFunc);

    /// <summary>The cached objects whose <paramref name="indexName"/> values include <paramref name="value"/>.</summary>
    IReadOnlyList<T> ByIndex(string indexName, string value);

    /// <summary>Waits until <see cref="HasSynced"/> is true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
