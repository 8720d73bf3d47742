namespace K8sNotify.Operator.Slo;

/// <summary>The outcome of generating a Channel's SLO rules: rule groups, nothing (no <c>spec.slo</c>), or a validation error.</summary>
public sealed class SloRuleResult
{
    private SloRuleResult(IReadOnlyList<RuleGroup> groups, SloValidationError? error)
    {
        Groups = groups;
        Error = error;
    }

    /// <summary>The Channel declares no SLO: there are no rules and the PrometheusRule child should not exist.</summary>
    public static SloRuleResult None { get; } = new([], null);

    /// <summary>The generated groups, in evaluation order; empty when <see cref="Error"/> is set or there is no SLO.</summary>
    public IReadOnlyList<RuleGroup> Groups { get; }

    /// <summary>Why the SLO could not be turned into rules; null when it could.</summary>
    public SloValidationError? Error { get; }

    /// <summary>True when the SLO was valid (or absent).</summary>
    public bool IsValid => Error is null;

    /// <summary>True when there are rules to apply.</summary>
    public bool HasRules => Groups.Count > 0;

    /// <summary>Every rule of every group, in order.</summary>
    public IEnumerable<PrometheusRuleEntry> Rules => Groups.SelectMany(g => g.Rules);

    public static SloRuleResult Success(IReadOnlyList<RuleGroup> groups) => new(groups, null);

    public static SloRuleResult Invalid(string reason, string message) => new([], new SloValidationError(reason, message));
}
