using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>A list+watch cache of one kind that also tells subscribers what changed.</summary>
/// <typeparam name="T">The watched kind.</typeparam>
public interface IResourceInformer<T> : IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// Calls <paramref name="handler"/> for every change after the cache has been updated, on the informer's thread:
    /// keep it fast (map to keys and enqueue). Dispose the result to unsubscribe.
    /// </summary>
    IDisposable Subscribe(Action<ResourceEvent<T>> handler);
}
