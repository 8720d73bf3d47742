using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>A change an informer observed: the object after the change (its last known state for a deletion) and, for updates, the one before.</summary>
/// <typeparam name="T">The watched kind.</typeparam>
public sealed record ResourceEvent<T>(ResourceEventType Type, T Object, T? OldObject = default)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The key of <see cref="Object"/>.</summary>
    public ObjectKey Key => ObjectKey.Of(Object);
}
