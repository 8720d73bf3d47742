using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>The namespace/name of one object: what the work queue holds and what a reconciler is asked about.</summary>
/// <param name="Namespace">The namespace, or the empty string for a cluster-scoped object.</param>
/// <param name="Name">The object's name.</param>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>The key of <paramref name="obj"/> (namespace and name from its metadata).</summary>
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new ObjectKey(obj.Metadata?.NamespaceProperty ?? string.Empty, obj.Metadata?.Name ?? string.Empty);
    }

    /// <summary><c>namespace/name</c>, or just <c>name</c> for a cluster-scoped object (the client-go form).</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
