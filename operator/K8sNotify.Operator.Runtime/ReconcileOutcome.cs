namespace K8sNotify.Operator.Runtime;

/// <summary>How a reconcile ended; also the <c>result</c> label of the reconcile metric.</summary>
public enum ReconcileOutcome
{
    /// <summary>The object is converged; nothing to do until it (or something mapped to it) changes.</summary>
    Success,

    /// <summary>Converging, but not done: reconcile again after a fixed delay (not counted as a failure).</summary>
    Requeue,

    /// <summary>Failed: reconcile again with the key's exponential backoff.</summary>
    Error,
}
