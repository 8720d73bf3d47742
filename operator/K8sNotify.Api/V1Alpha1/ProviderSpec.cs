using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>
/// The desired state of a Provider: one configured delivery backend. The settings block of each type (spec.smtp,
/// spec.slack, ...) is described by that type's <see cref="Providers.ProviderKind"/>; the CRD schema, the operator's
/// checks and the dispatcher's factories all read the blocks through it.
/// </summary>
[Description("One configured delivery backend. Exactly the block matching type must be set.")]
public sealed class ProviderSpec
{
    [Required]
    [JsonPropertyName("type")]
    [Description("Backend type; spec.<type> holds its settings.")]
    public ProviderType Type { get; set; }

    /// <summary>The settings blocks by type name, kept as JSON until a <see cref="Providers.ProviderKind"/> reads them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Blocks { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("timeout")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("10s")]
    [Description("Timeout of one request to the backend.")]
    public string Timeout { get; set; } = "10s";

    [JsonPropertyName("retry")]
    [Description("In-process retries of transient errors before failing over.")]
    public ProviderRetrySpec? Retry { get; set; }

    [JsonPropertyName("circuitBreaker")]
    [Description("Circuit breaker settings.")]
    public CircuitBreakerSpec? CircuitBreaker { get; set; }

    [JsonPropertyName("rateLimit")]
    [Description("The backend's quota; when reached the chain fails over to the next provider.")]
    public RateLimitSpec? RateLimit { get; set; }

    [JsonPropertyName("costPerMessage")]
    [RegularExpression(Patterns.Decimal)]
    [Description("Price of one message as a decimal string, used by the cheapest routing strategy.")]
    public string? CostPerMessage { get; set; }

    // Left out when false, so bundles of running Channels do not change.
    [JsonPropertyName("suspend")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [DefaultValue(false)]
    [Description("Takes the backend out of every Channel's chain: it is skipped; a Channel whose providers are all suspended keeps its notifications in the stream.")]
    public bool Suspend { get; set; }
}
