using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A Provider in a Channel's delivery chain.</summary>
[Description("A Provider in the Channel's delivery chain.")]
public sealed class ChannelProviderReference
{
    [Required]
    [JsonPropertyName("name")]
    [RegularExpression(Patterns.ObjectName)]
    [MaxLength(253)]
    [Description("Name of a Provider in the same namespace.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("weight")]
    [Range(0, 1000)]
    [DefaultValue(1)]
    [Description("Relative share of traffic under the weighted strategy.")]
    public int Weight { get; set; } = 1;
}
