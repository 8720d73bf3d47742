using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A Template resource: the localized Liquid sources of one kind of notification.</summary>
[KubernetesEntity(Group = ApiGroup.Group, ApiVersion = ApiGroup.Version, Kind = ApiGroup.TemplateKind, PluralName = ApiGroup.TemplatePlural)]
[Description("Localized Liquid sources of one kind of notification.")]
[PrinterColumn("Channel-Type", "string", ".spec.channelType", Order = 1)]
[PrinterColumn("Default-Locale", "string", ".spec.defaultLocale", Priority = 1, Order = 2)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 3)]
[PrinterColumn("Status", "string", ".status.conditions[?(@.type==\"Ready\")].message", Priority = 1, Order = 4)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 5)]
public sealed class Template : IKubernetesObject<V1ObjectMeta>, ISpec<TemplateSpec>, IStatus<TemplateStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiGroup.TemplateKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    [JsonPropertyName("spec")]
    public TemplateSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TemplateStatus? Status { get; set; }
}
