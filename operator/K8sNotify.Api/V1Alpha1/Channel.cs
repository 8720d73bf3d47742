using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A Channel resource: a notification channel the operator runs dispatchers for.</summary>
[KubernetesEntity(Group = ApiGroup.Group, ApiVersion = ApiGroup.Version, Kind = ApiGroup.ChannelKind, PluralName = ApiGroup.ChannelPlural)]
[Description("A notification channel: NATS subjects in, rendered notifications out through a provider chain.")]
[PrinterColumn("Type", "string", ".spec.type", Order = 1)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 2)]
[PrinterColumn("Suspended", "boolean", ".spec.suspend", Order = 3)]
[PrinterColumn("Replicas", "integer", ".status.readyReplicas", Order = 4)]
[PrinterColumn("Status", "string", ".status.conditions[?(@.type==\"Ready\")].message", Priority = 1, Order = 5)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 6)]
public sealed class Channel : IKubernetesObject<V1ObjectMeta>, ISpec<ChannelSpec>, IStatus<ChannelStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiGroup.ChannelKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    [JsonPropertyName("spec")]
    public ChannelSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public ChannelStatus? Status { get; set; }
}
