using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A Provider resource: one delivery backend (SMTP relay, Twilio account, FCM project, webhook or outbox).</summary>
[KubernetesEntity(Group = ApiGroup.Group, ApiVersion = ApiGroup.Version, Kind = ApiGroup.ProviderKind, PluralName = ApiGroup.ProviderPlural)]
[Description("A delivery backend: an SMTP relay, a Twilio account, an FCM project, a webhook or an outbox directory.")]
[PrinterColumn("Type", "string", ".spec.type", Order = 1)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 2)]
[PrinterColumn("Suspended", "boolean", ".spec.suspend", Order = 3)]
[PrinterColumn("Status", "string", ".status.conditions[?(@.type==\"Ready\")].message", Priority = 1, Order = 4)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 5)]
public sealed class Provider : IKubernetesObject<V1ObjectMeta>, ISpec<ProviderSpec>, IStatus<ProviderStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiGroup.ProviderKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    [JsonPropertyName("spec")]
    public ProviderSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public ProviderStatus? Status { get; set; }
}
