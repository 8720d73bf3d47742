namespace K8sNotify.Operator.Slo;

/// <summary>A Prometheus rule group: a name, an optional evaluation interval and its rules, evaluated in order.</summary>
public sealed record RuleGroup(string Name, TimeSpan? Interval, IReadOnlyList<PrometheusRuleEntry> Rules);
