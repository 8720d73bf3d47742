using k8s.Models;
using Prometheus;

namespace K8sNotify.Operator.Controllers;

/// <summary>
/// <c>k8snotify_operator_resource_condition</c>: one series per condition of each reconciled resource, 1 for its current
/// status (True, False or Unknown) and absent for the others, so alerts on Stalled or SloReady=False need no API access.
/// </summary>
public sealed class ConditionMetrics
{
    public const string ResourceCondition = "k8snotify_operator_resource_condition";
    public const string KindLabel = "kind";
    /// <summary>Not <c>namespace</c>: Prometheus would rename it, since the scrape target (the operator pod) has its own.</summary>
    public const string NamespaceLabel = "resource_namespace";
    public const string NameLabel = "name";
    public const string TypeLabel = "type";
    public const string StatusLabel = "status";

    private static readonly string[] Statuses = ["True", "False", "Unknown"];

    private readonly Gauge _condition;

    /// <summary>Registers on the default registry (what /metrics exports).</summary>
    public ConditionMetrics()
        : this(Metrics.DefaultRegistry)
    {
    }

    /// <summary>Registers on <paramref name="registry"/> (tests use their own).</summary>
    public ConditionMetrics(CollectorRegistry registry) =>
        _condition = Metrics.WithCustomRegistry(registry).CreateGauge(
            ResourceCondition,
            "1 for the current status (True, False, Unknown) of each condition of a Channel, Template or Provider.",
            KindLabel, NamespaceLabel, NameLabel, TypeLabel, StatusLabel);

    /// <summary>Records every condition of a resource, forgetting conditions it no longer has.</summary>
    public void Record(string kind, string? @namespace, string name, IEnumerable<V1Condition>? conditions)
    {
        var current = (conditions ?? []).ToDictionary(c => c.Type, c => c.Status, StringComparer.Ordinal);
        foreach (var labels in _condition.GetAllLabelValues().Where(l => l[0] == kind && l[1] == (@namespace ?? "") && l[2] == name).ToList())
        {
            if (!current.TryGetValue(labels[3], out var status) || status != labels[4])
            {
                _condition.RemoveLabelled(labels);
            }
        }

        foreach (var (type, status) in current)
        {
            _condition.WithLabels(kind, @namespace ?? "", name, type, Statuses.Contains(status) ? status : "Unknown").Set(1);
        }
    }

    /// <summary>Removes every series of a deleted resource.</summary>
    public void Forget(string kind, string? @namespace, string name) => Record(kind, @namespace, name, null);

    /// <summary>The value of one series (for tests).</summary>
    public double Value(string kind, string? @namespace, string name, string type, string status) =>
        _condition.GetAllLabelValues().Any(l => l.SequenceEqual([kind, @namespace ?? "", name, type, status]))
            ? _condition.WithLabels(kind, @namespace ?? "", name, type, status).Value
            : 0;
}
