using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How a Channel picks a provider from its chain.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoutingStrategy>))]
public enum RoutingStrategy
{
    /// <summary>In the listed order; the next one when a provider fails transiently.</summary>
    [JsonStringEnumMemberName("failover")] Failover,

    /// <summary>Spread by weight, still failing over.</summary>
    [JsonStringEnumMemberName("weighted")] Weighted,

    /// <summary>Lowest costPerMessage first, failing over.</summary>
    [JsonStringEnumMemberName("cheapest")] Cheapest,
}
