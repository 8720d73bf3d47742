using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Status;

/// <summary>Where a notification is in its life; terminal states are never left (they are the idempotency marker).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationState>))]
public enum NotificationState
{
    /// <summary>Submitted and waiting for a dispatcher (written by the HTTP API on submit).</summary>
    [JsonStringEnumMemberName("accepted")] Accepted,

    /// <summary>Waiting for its sendAt time.</summary>
    [JsonStringEnumMemberName("scheduled")] Scheduled,

    /// <summary>Held back by a rate limit with action delay; parked until the limiter's retry-after.</summary>
    [JsonStringEnumMemberName("waiting")] Waiting,

    /// <summary>Combined into a digest (see <see cref="StatusRecord.DigestId"/>) that has not been released yet; it ends in the digest delivery's outcome.</summary>
    [JsonStringEnumMemberName("digesting")] Digesting,

    /// <summary>A dispatcher claimed it and is calling providers right now.</summary>
    [JsonStringEnumMemberName("sending")] Sending,

    /// <summary>Every provider failed transiently; it will be redelivered after a backoff.</summary>
    [JsonStringEnumMemberName("retrying")] Retrying,

    /// <summary>A provider accepted it (terminal).</summary>
    [JsonStringEnumMemberName("sent")] Sent,

    /// <summary>Failed permanently, for example rejected by the provider or a template that does not render (terminal).</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>Invalid, or retries exhausted: published to the dead-letter subject (terminal).</summary>
    [JsonStringEnumMemberName("dead_lettered")] DeadLettered,

    /// <summary>Dropped by a rate limit with action drop (terminal).</summary>
    [JsonStringEnumMemberName("rate_limited")] RateLimited,

    /// <summary>Cancelled before it was sent (terminal; written by the HTTP API).</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,

    /// <summary>Not sent because of the recipient: opted out, on the suppression list, or opted out of the category (terminal; see <see cref="StatusRecord.Suppression"/>).</summary>
    [JsonStringEnumMemberName("suppressed")] Suppressed,

    /// <summary>A delivery receipt says the recipient got it (terminal; only ever follows <see cref="Sent"/>).</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,

    /// <summary>A delivery receipt says the provider could not deliver it (terminal; only ever follows <see cref="Sent"/>).</summary>
    [JsonStringEnumMemberName("undelivered")] Undelivered,
}
