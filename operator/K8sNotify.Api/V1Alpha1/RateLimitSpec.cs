using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A token-bucket style quota: <c>requests</c> per <c>period</c>, with a burst allowance (enforced with GCRA).</summary>
[Description("A rate: requests per period with an optional burst, enforced with GCRA.")]
public sealed class RateLimitSpec
{
    [Required]
    [JsonPropertyName("requests")]
    [Range(1, 1_000_000_000)]
    [Description("How many requests are allowed per period.")]
    public int Requests { get; set; }

    [Required]
    [JsonPropertyName("period")]
    [RegularExpression(Patterns.Duration)]
    [Description("The period the requests are spread over, as a duration (for example 1s, 1h).")]
    public string Period { get; set; } = "1s";

    [JsonPropertyName("burst")]
    [Range(0, 1_000_000_000)]
    [Description("How many requests may go at once from idle (the bucket size, GCRA burst); then one per period/requests. Defaults to requests; 0 or 1 means strictly spaced.")]
    public int? Burst { get; set; }
}
