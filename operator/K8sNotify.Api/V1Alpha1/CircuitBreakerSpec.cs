using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>When a provider's circuit opens and for how long.</summary>
[Description("Circuit breaker of a provider: opens when the failure ratio over the sampling window is exceeded.")]
public sealed class CircuitBreakerSpec
{
    [JsonPropertyName("failureRatio")]
    [RegularExpression(@"^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$")]
    [DefaultValue("0.5")]
    [Description("Share of failed requests (0 to 1) that opens the circuit.")]
    public string FailureRatio { get; set; } = "0.5";

    [JsonPropertyName("minimumThroughput")]
    [Range(2, 100_000)]
    [DefaultValue(10)]
    [Description("Requests in the sampling window before the ratio is considered.")]
    public int MinimumThroughput { get; set; } = 10;

    [JsonPropertyName("samplingDuration")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("30s")]
    [Description("Window over which failures are counted.")]
    public string SamplingDuration { get; set; } = "30s";

    [JsonPropertyName("breakDuration")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("30s")]
    [Description("How long the circuit stays open before a trial request.")]
    public string BreakDuration { get; set; } = "30s";
}
