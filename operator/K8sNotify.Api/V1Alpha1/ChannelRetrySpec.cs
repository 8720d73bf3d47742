using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Redelivery of a message whose providers all failed transiently.</summary>
[Description("Redelivery of a message whose providers all failed transiently; after maxAttempts it is dead-lettered.")]
public sealed class ChannelRetrySpec
{
    [JsonPropertyName("maxAttempts")]
    [Range(1, 100)]
    [DefaultValue(5)]
    [Description("Deliveries of one message before it is dead-lettered.")]
    public int MaxAttempts { get; set; } = 5;

    [JsonPropertyName("backoff")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("5s")]
    [Description("Base delay of the jittered exponential backoff between deliveries.")]
    public string Backoff { get; set; } = "5s";

    [JsonPropertyName("maxBackoff")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("5m")]
    [Description("Upper bound of one backoff delay.")]
    public string MaxBackoff { get; set; } = "5m";
}
