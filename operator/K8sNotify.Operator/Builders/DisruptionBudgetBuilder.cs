using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the PodDisruptionBudget that lets nodes drain one dispatcher at a time.</summary>
internal static class DisruptionBudgetBuilder
{
    // maxUnavailable 1 rather than minAvailable: with a single replica minAvailable 1 would block every node drain.
    public static V1PodDisruptionBudget Build(Channel channel) => new()
    {
        ApiVersion = "policy/v1",
        Kind = V1PodDisruptionBudget.KubeKind,
        Metadata = ChildSetBuilder.Metadata(channel, DispatcherNames.Dispatcher(channel)),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = DispatcherNames.Selector(channel) },
            UnhealthyPodEvictionPolicy = "AlwaysAllow",
        },
    };
}
