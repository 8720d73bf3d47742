using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The latency SLO: a share of deliveries that must be faster than a threshold.</summary>
[Description("Share of deliveries (publish to provider accepted) that must complete under the threshold.")]
public sealed class LatencyObjective
{
    [Required]
    [JsonPropertyName("threshold")]
    [RegularExpression(Patterns.Duration)]
    [Description("Latency threshold, for example 500ms; must be one of the dispatcher's histogram buckets.")]
    public string Threshold { get; set; } = "";

    [Required]
    [JsonPropertyName("objective")]
    [RegularExpression(Patterns.Percentage)]
    [Description("Percentage of deliveries that must be under the threshold, for example \"99\".")]
    public string Objective { get; set; } = "";
}
