using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>The body of the generic provider callback: which notification, and whether it was delivered.</summary>
public sealed record GenericReceipt
{
    /// <summary>The notification id (required).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>The provider's message id; when given it must match the one recorded at send time.</summary>
    [JsonPropertyName("providerMessageId")]
    public string? ProviderMessageId { get; init; }

    /// <summary><c>delivered</c> or <c>undelivered</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Why it was not delivered (kept as the status record's reason).</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>For undelivered: true when the address is dead (a hard bounce), which puts the recipient on the Channel's suppression list.</summary>
    [JsonPropertyName("hardBounce")]
    public bool? HardBounce { get; init; }
}
