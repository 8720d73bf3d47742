using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The service level objectives of a Channel, turned into recording rules and burn-rate alerts.</summary>
[Description("Service level objectives, turned into recording rules and multiwindow burn-rate alerts.")]
[CelRule("has(self.availability) || has(self.latency)", "slo needs availability, latency or both")]
public sealed class SloSpec
{
    [JsonPropertyName("availability")]
    [RegularExpression(Patterns.Percentage)]
    [Description("Percentage of valid notifications that must be delivered, for example \"99.9\".")]
    public string? Availability { get; set; }

    [JsonPropertyName("latency")]
    [Description("Latency objective.")]
    public LatencyObjective? Latency { get; set; }

    [JsonPropertyName("window")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("30d")]
    [Description("Compliance window of the error budget.")]
    public string Window { get; set; } = "30d";

    [JsonPropertyName("runbookBaseUrl")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("Base URL of the runbooks linked from alerts.")]
    public string? RunbookBaseUrl { get; set; }
}
