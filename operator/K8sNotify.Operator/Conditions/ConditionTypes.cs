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
}
