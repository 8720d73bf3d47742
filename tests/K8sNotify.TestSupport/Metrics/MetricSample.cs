namespace K8sNotify.TestSupport.Metrics;

/// <summary>One sample line of a Prometheus text exposition: series name, labels and value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
