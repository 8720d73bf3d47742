using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>Ready-made filters for which primary-object events enqueue a reconcile.</summary>
public static class ResourceEventFilters
{
    /// <summary>Every event.</summary>
    public static bool All<T>(ResourceEvent<T> resourceEvent)
        where T : class, IKubernetesObject<V1ObjectMeta> => true;

    /// <summary>
    /// Every event except an update that changed neither the generation (spec) nor the metadata a reconciler acts on
    /// (labels, annotations, finalizers, deletion): that is a status write, usually the reconciler's own.
    /// </summary>
    public static bool SkipStatusOnlyUpdates<T>(ResourceEvent<T> resourceEvent)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(resourceEvent);
        if (resourceEvent.Type != ResourceEventType.Updated || resourceEvent.OldObject is null)
        {
            return true;
        }

        var now = resourceEvent.Object.Metadata ?? new V1ObjectMeta();
        var before = resourceEvent.OldObject.Metadata ?? new V1ObjectMeta();
        return now.Generation != before.Generation
            || now.DeletionTimestamp != before.DeletionTimestamp
            || !SameSet(now.Finalizers, before.Finalizers)
            || !SameMap(now.Labels, before.Labels)
            || !SameMap(now.Annotations, before.Annotations);
    }

    private static bool SameSet(IList<string>? a, IList<string>? b) =>
        (a ?? []).Order(StringComparer.Ordinal).SequenceEqual((b ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
    }
}
