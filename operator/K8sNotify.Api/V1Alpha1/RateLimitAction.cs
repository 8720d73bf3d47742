using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>What happens to a message over a rate limit.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RateLimitAction>))]
public enum RateLimitAction
{
    /// <summary>Redeliver it when the limit allows (not a failure).</summary>
    [JsonStringEnumMemberName("delay")] Delay,

    /// <summary>Record it as rate_limited and do not send it.</summary>
    [JsonStringEnumMemberName("drop")] Drop,
}
