using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Builders;

/// <summary>Every object the operator applies for one Channel, built without a cluster.</summary>
public sealed class ChildSet
{
    public required V1ConfigMap ConfigMap { get; init; }

    public required V1Deployment Deployment { get; init; }

    public required V1Service Service { get; init; }

    public required V2HorizontalPodAutoscaler Autoscaler { get; init; }

    public required V1PodDisruptionBudget DisruptionBudget { get; init; }

    /// <summary>Only when the Channel or the operator's defaults enable it; otherwise an existing one is deleted.</summary>
    public V1NetworkPolicy? NetworkPolicy { get; init; }

    /// <summary>Only when the cluster has the ServiceMonitor CRD.</summary>
    public MonitoringObject? ServiceMonitor { get; init; }

    /// <summary>Only when the cluster has the PrometheusRule CRD and the Channel has SLO rules.</summary>
    public MonitoringObject? PrometheusRule { get; init; }

    /// <summary>The checksum of configuration and Secrets carried by the pod template.</summary>
    public required string ConfigChecksum { get; init; }

    /// <summary>The children in apply order: configuration before the Deployment that mounts it.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> All()
    {
        yield return ConfigMap;
        yield return Deployment;
        yield return Service;
        yield return Autoscaler;
        yield return DisruptionBudget;
        if (NetworkPolicy is not null) yield return NetworkPolicy;
        if (ServiceMonitor is not null) yield return ServiceMonitor;
        if (PrometheusRule is not null) yield return PrometheusRule;
    }
}
