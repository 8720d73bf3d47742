using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>What the notification state machine knows besides the status record: identity, timing, and the Channel's limits.</summary>
public sealed record NotificationFacts
{
    public required string Id { get; init; }

    public required string MessageId { get; init; }

    public required string Namespace { get; init; }

    public required string Channel { get; init; }

    public string? Template { get; init; }

    public string? Recipient { get; init; }

    /// <summary>When the app published the message (before any park and release).</summary>
    public required DateTimeOffset PublishedAt { get; init; }

    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Whether the Channel combines this notification into a digest (it has a digest, this is not the digest Template, and priority is not high).</summary>
    public bool Digest { get; init; }

    /// <summary>Claims (delivery attempts) before the notification is dead-lettered.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The latest sendAt accepted, relative to now.</summary>
    public required TimeSpan Horizon { get; init; }

    /// <summary>How long another worker's "sending" claim is honoured.</summary>
    public required TimeSpan ClaimLease { get; init; }

    /// <summary>When to look again at a notification another worker is sending.</summary>
    public required TimeSpan InFlightRecheck { get; init; }

    /// <summary>The record of a notification seen for the first time.</summary>
    public StatusRecord NewRecord(DateTimeOffset now) => new()
    {
        Id = Id,
        MessageId = MessageId,
        Namespace = Namespace,
        Channel = Channel,
        State = NotificationState.Accepted,
        Template = Template,
        Recipient = Recipient,
        CreatedAt = now,
        UpdatedAt = now,
        PublishedAt = PublishedAt,
        SendAt = SendAt,
    };
}
