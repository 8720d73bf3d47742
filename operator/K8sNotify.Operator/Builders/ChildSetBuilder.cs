using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds a Channel's children from the Channel, what it references and the operator's options: a pure function.</summary>
public static class ChildSetBuilder
{
    /// <param name="resolved">The Channel with what it references.</param>
    /// <param name="options">The operator's dispatcher settings.</param>
    /// <param name="capabilities">Which optional kinds (prometheus-operator) the cluster serves.</param>
    /// <param name="sloRules">Builds the SLO rule groups.</param>
    /// <param name="currentReplicas">The dispatcher Deployment's replica count now (set by the autoscaler); null before it exists or without a cluster: the autoscaler's minimum.</param>
    public static ChildSet Build(ResolvedChannel resolved, DispatcherDeploymentOptions options, ClusterCapabilities capabilities, ISloRuleBuilder sloRules, int? currentReplicas = null)
    {
        var channel = resolved.Channel;
        var bundle = BundleBuilder.Build(resolved);
        var bundleJson = BundleBuilder.Serialize(bundle);
        var checksum = ConfigChecksum.Compute(BundleBuilder.WithoutSuspend(bundleJson), resolved.SecretVersions);
        var suspension = ChannelSuspension.Of(channel, resolved.Providers);
        var secretNames = SecretReferences.SecretNames(bundle);

        var groups = capabilities.PrometheusRules ? sloRules.BuildRuleGroups(channel) : [];
        return new ChildSet
        {
            ConfigMap = ConfigMapBuilder.Build(channel, bundleJson, Math.Max(1, currentReplicas ?? DeploymentBuilder.MinReplicas(channel))),
            Deployment = DeploymentBuilder.Build(resolved, secretNames, checksum, options),
            Service = ServiceBuilder.Build(channel),
            Autoscaler = AutoscalerBuilder.Build(channel, options, suspended: suspension is not null),
            DisruptionBudget = DisruptionBudgetBuilder.Build(channel),
            NetworkPolicy = NetworkPolicyBuilder.Build(channel, options.Defaults.NetworkPolicy),
            ServiceMonitor = capabilities.ServiceMonitors ? MonitoringBuilder.ServiceMonitor(channel, options) : null,
            PrometheusRule = groups.Count > 0 ? MonitoringBuilder.PrometheusRule(channel, groups, options) : null,
            ConfigChecksum = checksum,
        };
    }

    /// <summary>Metadata shared by every child: name, namespace, labels and the controller reference to the Channel.</summary>
    internal static V1ObjectMeta Metadata(Channel channel, string name) => new()
    {
        Name = name,
        NamespaceProperty = channel.Metadata.NamespaceProperty,
        Labels = DispatcherNames.Labels(channel),
        OwnerReferences = OwnerReferences(channel),
    };

    // Without a uid (render, no cluster) there is nothing to point at; the operator always has one.
    private static List<V1OwnerReference>? OwnerReferences(Channel channel) =>
        string.IsNullOrEmpty(channel.Metadata.Uid)
            ? null
            : [
                new V1OwnerReference
                {
                    ApiVersion = ApiGroup.ApiVersion,
                    Kind = ApiGroup.ChannelKind,
                    Name = channel.Metadata.Name,
                    Uid = channel.Metadata.Uid,
                    Controller = true,
                    BlockOwnerDeletion = true,
                },
            ];
}
