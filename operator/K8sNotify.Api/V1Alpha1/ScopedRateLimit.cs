using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A rate limit of a Channel with the action taken when it is exceeded.</summary>
[Description("A rate limit with the action taken when a message exceeds it.")]
public sealed class ScopedRateLimit
{
    [Required]
    [JsonPropertyName("requests")]
    [Range(1, 1_000_000_000)]
    [Description("How many messages are allowed per period.")]
    public int Requests { get; set; }

    [Required]
    [JsonPropertyName("period")]
    [RegularExpression(Patterns.Duration)]
    [Description("The period, as a duration (for example 1s, 1h).")]
    public string Period { get; set; } = "1s";

    [JsonPropertyName("burst")]
    [Range(0, 1_000_000_000)]
    [Description("How many messages may go at once from idle (the bucket size, GCRA burst); then one per period/requests. Defaults to requests; 0 or 1 means strictly spaced.")]
    public int? Burst { get; set; }

    [JsonPropertyName("action")]
    [DefaultValue("delay")]
    [Description("delay redelivers the message when the limit allows; drop records it as rate_limited and does not send it.")]
    public RateLimitAction Action { get; set; } = RateLimitAction.Delay;
}
