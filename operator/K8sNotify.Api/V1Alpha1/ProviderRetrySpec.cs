using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Bounded in-process retries of one provider before the chain fails over.</summary>
[Description("Bounded in-process retries of transient errors before failing over to the next provider.")]
public sealed class ProviderRetrySpec
{
    [JsonPropertyName("maxRetries")]
    [Range(0, 10)]
    [DefaultValue(2)]
    [Description("Retries after the first attempt (0 disables in-process retries).")]
    public int MaxRetries { get; set; } = 2;

    [JsonPropertyName("backoff")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("200ms")]
    [Description("Base delay of the jittered exponential backoff.")]
    public string Backoff { get; set; } = "200ms";
}
