namespace K8sNotify.Operator.Conditions;

/// <summary>The kstatus condition types every K8sNotify kind reports, and the reasons shared by the controllers.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";

    public const string ReconciledReason = "Reconciled";
    public const string ValidReason = "Valid";
    public const string ProgressingReason = "Progressing";
    public const string DeletingReason = "Deleting";

    /// <summary>
    /// Channel only, beside the kstatus triple: whether the SLO's recording rules and alerts are in place. An invalid
    /// <c>spec.slo</c> sets it False (with the generator's reason) and withholds only the PrometheusRule: the dispatchers
    /// still run and Ready is unaffected.
    /// </summary>
    public const string SloReady = "SloReady";

    /// <summary>
    /// Channel and Provider, present only while suspended (like SloReady, beside the kstatus triple): True with reason
    /// <c>Suspended</c> (spec.suspend) or, on a Channel, <c>ProvidersSuspended</c> (every Provider of its chain is).
    /// Ready still describes the dispatchers, which keep running.
    /// </summary>
    public const string Suspended = "Suspended";

    public const string SloRulesAppliedReason = "RulesApplied";
    public const string PrometheusRuleCrdMissingReason = "PrometheusRuleCrdMissing";
}
