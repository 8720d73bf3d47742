namespace K8sNotify.Operator.Builders;

/// <summary>Optional APIs of the target cluster that decide which children a Channel gets.</summary>
/// <param name="ServiceMonitors">The monitoring.coreos.com ServiceMonitor CRD is installed.</param>
/// <param name="PrometheusRules">The monitoring.coreos.com PrometheusRule CRD is installed.</param>
public sealed record ClusterCapabilities(bool ServiceMonitors, bool PrometheusRules)
{
    /// <summary>A cluster without the Prometheus Operator.</summary>
    public static readonly ClusterCapabilities Core = new(false, false);

    /// <summary>A cluster with the Prometheus Operator's CRDs.</summary>
    public static readonly ClusterCapabilities WithPrometheusOperator = new(true, true);
}
