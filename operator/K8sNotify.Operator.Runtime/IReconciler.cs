namespace K8sNotify.Operator.Runtime;

/// <summary>
/// Level-based reconcile of one primary object: read the current state by key (from an <see cref="IObjectCache{T}"/>
/// or the API), converge the world towards it, and report what to do next. A key whose object is missing from the
/// cache means the object was deleted. Never called concurrently for the same key; called only on the leader.
/// Resolved from a fresh DI scope for every call.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
