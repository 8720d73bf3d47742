namespace K8sNotify.Operator.Runtime;

/// <summary>What a reconciler asks the controller to do next with the key it was given.</summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileOutcome outcome, TimeSpan? requeueAfter, string? reason)
    {
        Outcome = outcome;
        RequeueDelay = requeueAfter;
        Reason = reason;
    }

    /// <summary>Converged: forget the key's backoff and wait for the next event.</summary>
    public static ReconcileResult Done { get; } = new(ReconcileOutcome.Success, null, null);

    public ReconcileOutcome Outcome { get; }

    /// <summary>The fixed delay before the next reconcile when <see cref="Outcome"/> is <see cref="ReconcileOutcome.Requeue"/>.</summary>
    public TimeSpan? RequeueDelay { get; }

    /// <summary>Why the reconcile failed (logged; must not contain secrets).</summary>
    public string? Reason { get; }

    /// <summary>Reconcile again after <paramref name="delay"/> (for example while waiting for a Deployment to become ready); resets the backoff.</summary>
    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(ReconcileOutcome.Requeue, delay, null);
    }

    /// <summary>Failed: reconcile again after the key's next exponential backoff step. Throwing from a reconciler has the same effect.</summary>
    public static ReconcileResult Error(string reason) => new(ReconcileOutcome.Error, null, reason);
}
