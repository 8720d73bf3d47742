using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Builders;

/// <summary>The outcome of resolving a Channel's references: the resolved Channel, or the problems that stop it, and what it referenced either way.</summary>
public sealed class Resolution
{
    public ResolvedChannel? Resolved { get; init; }

    public IReadOnlyList<ReferenceProblem> Problems { get; init; } = [];

    /// <summary>Secrets that do not exist yet but do not stop the build (render without a cluster reports them).</summary>
    public IReadOnlyList<ReferenceProblem> Warnings { get; init; } = [];

    public IReadOnlyList<string> TemplateNames { get; init; } = [];

    public IReadOnlyList<string> ProviderNames { get; init; } = [];

    public IReadOnlyList<string> SecretNames { get; init; } = [];

    /// <summary>Why <c>spec.slo</c> cannot become rules, or null; it withholds only the PrometheusRule, not the Channel.</summary>
    public ReferenceProblem? SloProblem { get; init; }
}
