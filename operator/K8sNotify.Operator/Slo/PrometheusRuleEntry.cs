namespace K8sNotify.Operator.Slo;

/// <summary>One rule of a <see cref="RuleGroup"/>: either a <see cref="RecordingRule"/> or an <see cref="AlertingRule"/>.</summary>
public abstract record PrometheusRuleEntry(string Expr, IReadOnlyDictionary<string, string> Labels);
