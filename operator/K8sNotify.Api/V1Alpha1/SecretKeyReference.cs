using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Points at one key of a Secret in the same namespace; credentials are never written inline.</summary>
[Description("A key of a Secret in the same namespace as the resource.")]
public sealed class SecretKeyReference
{
    [Required]
    [JsonPropertyName("name")]
    [RegularExpression(Patterns.ObjectName)]
    [MaxLength(253)]
    [Description("Name of the Secret.")]
    public string Name { get; set; } = "";

    [Required]
    [JsonPropertyName("key")]
    [RegularExpression(Patterns.SecretKey)]
    [MaxLength(253)]
    [Description("Key inside the Secret's data.")]
    public string Key { get; set; } = "";

    public override string ToString() => $"{Name}/{Key}";
}
