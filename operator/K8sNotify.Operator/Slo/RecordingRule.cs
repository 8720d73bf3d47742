namespace K8sNotify.Operator.Slo;

/// <summary>A recording rule: stores the result of <c>expr</c> as the series <c>record</c>.</summary>
public sealed record RecordingRule(string Record, string Expr, IReadOnlyDictionary<string, string> Labels)
    : PrometheusRuleEntry(Expr, Labels);
