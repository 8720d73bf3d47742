namespace K8sNotify.Operator.Slo;

/// <summary>An alerting rule: fires <c>alert</c> when <c>expr</c> has returned series for at least <c>for</c>.</summary>
public sealed record AlertingRule(
    string Alert,
    string Expr,
    TimeSpan For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
    : PrometheusRuleEntry(Expr, Labels);
