using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Status;

/// <summary>The status of one notification (one recipient of a message), stored in the Channel's KV bucket and published as an event.</summary>
public sealed record StatusRecord
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The message id (differs from <see cref="Id"/> for bulk messages).</summary>
    [JsonPropertyName("messageId")]
    public required string MessageId { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    [JsonPropertyName("state")]
    public required NotificationState State { get; init; }

    [JsonPropertyName("template")]
    public string? Template { get; init; }

    [JsonPropertyName("recipient")]
    public string? Recipient { get; init; }

    /// <summary>Delivery attempts so far (claims of the notification by a dispatcher).</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    [JsonPropertyName("providerMessageId")]
    public string? ProviderMessageId { get; init; }

    /// <summary>Why it failed, was dead-lettered or is retrying; never a secret.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Why a suppressed notification was not sent: opted_out, suppressed_address or category.</summary>
    [JsonPropertyName("suppression")]
    public string? Suppression { get; init; }

    /// <summary>The id of the digest delivery that carries (or carried) this notification; on a digest delivery, its own id.</summary>
    [JsonPropertyName("digestId")]
    public string? DigestId { get; init; }

    /// <summary>On a digest delivery: how many notifications it combines.</summary>
    [JsonPropertyName("digestItems")]
    public int? DigestItems { get; init; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("publishedAt")]
    public DateTimeOffset? PublishedAt { get; init; }

    [JsonPropertyName("sendAt")]
    public DateTimeOffset? SendAt { get; init; }

    [JsonPropertyName("sentAt")]
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When the notification is due next: its sendAt while scheduled, the end of a rate-limit wait, or the next retry.</summary>
    [JsonPropertyName("nextAttemptAt")]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the Channel's rate limits admitted it; a retry of an admitted notification is not charged again.</summary>
    [JsonPropertyName("rateLimitAllowedAt")]
    public DateTimeOffset? RateLimitAllowedAt { get; init; }
}
