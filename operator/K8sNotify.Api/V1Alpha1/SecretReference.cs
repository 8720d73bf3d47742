using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Points at a whole Secret in the same namespace whose well-known keys a provider reads.</summary>
[Description("A Secret in the same namespace as the resource.")]
public sealed class SecretReference
{
    [Required]
    [JsonPropertyName("name")]
    [RegularExpression(Patterns.ObjectName)]
    [MaxLength(253)]
    [Description("Name of the Secret.")]
    public string Name { get; set; } = "";
}
