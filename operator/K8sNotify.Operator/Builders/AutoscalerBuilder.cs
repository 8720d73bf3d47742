using k8s.Models;
using K8sNotify.Api.Observability;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the autoscaling/v2 HorizontalPodAutoscaler of a Channel's dispatchers.</summary>
internal static class AutoscalerBuilder
{
    /// <param name="channel">The Channel.</param>
    /// <param name="options">The operator's dispatcher settings.</param>
    /// <param name="suspended">
    /// The dispatchers do not consume: the backlog grows by design, so the autoscaler is pinned to the minimum
    /// (maxReplicas = minReplicas) instead of scaling up on it; kept rather than deleted so resuming restores the range.
    /// </param>
    public static V2HorizontalPodAutoscaler Build(Channel channel, DispatcherDeploymentOptions options, bool suspended = false)
    {
        var spec = channel.Spec.Dispatcher ?? new DispatcherSpec();
        var range = spec.Replicas ?? new ReplicaRange();
        var metrics = new List<V2MetricSpec>
        {
            new()
            {
                Type = "Resource",
                Resource = new V2ResourceMetricSource
                {
                    Name = "cpu",
                    Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = spec.TargetCpuUtilization },
                },
            },
        };
        if (options.ConsumerPendingMetric)
        {
            // External rather than Pods: every replica reports the same consumer-wide gauge, so the per-replica
            // target is the total divided by the replica count (AverageValue), which is what External computes.
            metrics.Add(new V2MetricSpec
            {
                Type = "External",
                External = new V2ExternalMetricSource
                {
                    Metric = new V2MetricIdentifier
                    {
                        Name = MetricNames.ConsumerPending,
                        Selector = new V1LabelSelector
                        {
                            MatchLabels = new Dictionary<string, string>
                            {
                                [MetricNames.ChannelLabel] = channel.Metadata.Name,
                                [MetricNames.NamespaceLabel] = channel.Metadata.NamespaceProperty ?? "default",
                            },
                        },
                    },
                    Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(spec.TargetPendingPerReplica.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                },
            });
        }

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = V2HorizontalPodAutoscaler.KubeKind,
            Metadata = ChildSetBuilder.Metadata(channel, DispatcherNames.Dispatcher(channel)),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = V1Deployment.KubeKind, Name = DispatcherNames.Dispatcher(channel) },
                MinReplicas = range.Min,
                MaxReplicas = suspended ? range.Min : Math.Max(range.Min, range.Max),
                Metrics = metrics,
            },
        };
    }
}
