using System.ComponentModel;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The rate limits of a Channel, enforced across all dispatcher replicas through Redis.</summary>
[Description("Rate limits enforced across all dispatcher replicas through Redis.")]
public sealed class ChannelRateLimits
{
    [JsonPropertyName("perRecipient")]
    [Description("Limit per recipient address (anti-spam), for example 5 per 1h.")]
    public ScopedRateLimit? PerRecipient { get; set; }

    [JsonPropertyName("perChannel")]
    [Description("Limit for the whole Channel, for example 1000 per 1s.")]
    public ScopedRateLimit? PerChannel { get; set; }

    [JsonPropertyName("failurePolicy")]
    [DefaultValue("open")]
    [Description("While Redis is unreachable: open falls back to a per-replica in-memory limiter, closed delays every message.")]
    public FailurePolicy FailurePolicy { get; set; } = FailurePolicy.Open;
}
