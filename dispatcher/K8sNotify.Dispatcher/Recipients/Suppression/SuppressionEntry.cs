using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Recipients.Suppression;

/// <summary>One recipient on a Channel's suppression list; it stops counting at <see cref="ExpiresAt"/> (nats 2.9 has no per-key TTL).</summary>
public sealed record SuppressionEntry
{
    [JsonPropertyName("recipient")]
    public required string Recipient { get; init; }

    /// <summary>Why (the provider's answer, never a secret).</summary>
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    /// <summary>provider (a permanent failure), receipt (a hard-bounce receipt) or api.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("expiresAt")]
    public DateTimeOffset ExpiresAt { get; init; }

    public bool IsActive(DateTimeOffset now) => now < ExpiresAt;
}
