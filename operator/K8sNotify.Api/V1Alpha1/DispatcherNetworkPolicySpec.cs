using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The NetworkPolicy of a Channel's dispatchers, over the operator's defaults of the same shape.</summary>
[Description("The dispatchers' NetworkPolicy: ingress only to the HTTP port (API, metrics, probes), from the listed sources; egress as configured.")]
public sealed class DispatcherNetworkPolicySpec
{
    [JsonPropertyName("enabled")]
    [Description("Create the NetworkPolicy; unset follows the operator's default (off unless configured).")]
    public bool? Enabled { get; set; }

    [JsonPropertyName("ingressFrom")]
    [MaxLength(32)]
    [Description("Sources allowed to reach the HTTP port, added to the operator's defaults; none at all allows every source (the port restriction still applies).")]
    public List<V1NetworkPolicyPeer>? IngressFrom { get; set; }

    [JsonPropertyName("egress")]
    [MaxLength(32)]
    [Description("Egress rules; replaces the operator's default. Unset (and no default): egress is not restricted. An empty list denies all egress, including NATS and DNS.")]
    public List<V1NetworkPolicyEgressRule>? Egress { get; set; }
}
