namespace K8sNotify.TestSupport.Metrics;

/// <summary>A series selector found in a PromQL expression: the metric name and its label matchers.</summary>
public sealed record PromQlSelector(string Metric, IReadOnlyList<PromQlMatcher> Matchers)
{
    /// <summary>True for a recording rule's output (<c>level:metric:operations</c>), false for a raw metric.</summary>
    public bool IsRecordingRule => Metric.Contains(':', StringComparison.Ordinal);
}
