using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>The status of one notification as the dispatcher records it: its state, attempts, provider and timestamps.</summary>
public sealed record NotificationStatus
{
    /// <summary>The notification id (<c>id:index</c> for a recipient of a list).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The id of the message it came from.</summary>
    [JsonPropertyName("messageId")]
    public required string MessageId { get; init; }

    /// <summary>The Channel's namespace.</summary>
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>The Channel's name.</summary>
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    /// <summary>
    /// The state: <c>accepted</c>, <c>scheduled</c>, <c>waiting</c>, <c>sending</c>, <c>retrying</c>, or a terminal one
    /// (<c>sent</c>, <c>delivered</c>, <c>undelivered</c>, <c>failed</c>, <c>dead_lettered</c>, <c>rate_limited</c>,
    /// <c>cancelled</c>, <c>suppressed</c>).
    /// </summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>The Template it renders.</summary>
    [JsonPropertyName("template")]
    public string? Template { get; init; }

    /// <summary>The recipient.</summary>
    [JsonPropertyName("recipient")]
    public string? Recipient { get; init; }

    /// <summary>Delivery attempts so far.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>The Provider that accepted it (or was last tried).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>The vendor's id of the sent message.</summary>
    [JsonPropertyName("providerMessageId")]
    public string? ProviderMessageId { get; init; }

    /// <summary>Why it failed, was dead-lettered, is retrying or was cancelled.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Why a suppressed notification was not sent.</summary>
    [JsonPropertyName("suppression")]
    public string? Suppression { get; init; }

    /// <summary>When the status was first written.</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the status last changed.</summary>
    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the message was published.</summary>
    [JsonPropertyName("publishedAt")]
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>When it is to be sent, for a scheduled notification.</summary>
    [JsonPropertyName("sendAt")]
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>When a provider accepted it.</summary>
    [JsonPropertyName("sentAt")]
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When it is due next: its send time, the end of a rate-limit wait, or the next retry.</summary>
    [JsonPropertyName("nextAttemptAt")]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the Channel's rate limits admitted it.</summary>
    [JsonPropertyName("rateLimitAllowedAt")]
    public DateTimeOffset? RateLimitAllowedAt { get; init; }

    /// <summary>Whether the state is final (it never changes again, except <c>sent</c> becoming <c>delivered</c> or <c>undelivered</c> on a receipt).</summary>
    [JsonIgnore]
    public bool IsTerminal => State is not ("accepted" or "scheduled" or "waiting" or "sending" or "retrying");
}
