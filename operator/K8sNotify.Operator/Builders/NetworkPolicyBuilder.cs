using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>
/// Builds the NetworkPolicy of a Channel's dispatchers: ingress only to the HTTP port (API, metrics, probes) from the
/// operator's default sources plus the Channel's (every source when neither lists any); egress restricted only when
/// the Channel or the operator configures rules. Null when neither enables it, and then an existing one is pruned.
/// </summary>
public static class NetworkPolicyBuilder
{
    public static V1NetworkPolicy? Build(Channel channel, DispatcherNetworkPolicySpec? defaults)
    {
        var own = channel.Spec.Dispatcher?.NetworkPolicy;
        if (!(own?.Enabled ?? defaults?.Enabled ?? false))
        {
            return null;
        }

        List<V1NetworkPolicyPeer> sources = [.. defaults?.IngressFrom ?? [], .. own?.IngressFrom ?? []];
        var egress = own?.Egress ?? defaults?.Egress;
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = ChildSetBuilder.Metadata(channel, DispatcherNames.Dispatcher(channel)),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = DispatcherNames.Selector(channel) },
                PolicyTypes = egress is null ? ["Ingress"] : ["Ingress", "Egress"],
                Ingress =
                [
                    new V1NetworkPolicyIngressRule
                    {
                        Ports = [new V1NetworkPolicyPort { Port = DispatcherNames.HttpPort, Protocol = "TCP" }],
                        FromProperty = sources.Count == 0 ? null : sources,
                    },
                ],
                Egress = egress,
            },
        };
    }
}
