using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>What the rate limiter does while Redis is unreachable.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailurePolicy>))]
public enum FailurePolicy
{
    /// <summary>Fall back to a per-replica in-memory limiter.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Delay every message until Redis is back.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}
