namespace K8sNotify.Operator.Slo;

/// <summary>
/// One condition of a multiwindow burn-rate alert: the error budget burns faster than <see cref="Factor"/>× the
/// sustainable rate over both the long and the short window (the short one makes the alert reset quickly).
/// </summary>
public sealed record BurnRateWindow(string Severity, double Factor, TimeSpan Long, TimeSpan Short);
