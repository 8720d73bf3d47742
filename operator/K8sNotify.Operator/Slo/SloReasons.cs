namespace K8sNotify.Operator.Slo;

/// <summary>Condition reasons (CamelCase, for <c>Stalled</c>/<c>Ready=False</c>) of an SLO that cannot be turned into rules.</summary>
public static class SloReasons
{
    /// <summary>The latency threshold is not an upper bound of the dispatcher's delivery-duration histogram.</summary>
    public const string ThresholdNotABucket = "SloThresholdNotABucket";

    /// <summary>The compliance window cannot be parsed or is too short for multiwindow alerts.</summary>
    public const string WindowInvalid = "SloWindowInvalid";

    /// <summary>An objective is not a percentage that leaves an error budget (above 0 and below 100).</summary>
    public const string ObjectiveInvalid = "SloObjectiveInvalid";
}
