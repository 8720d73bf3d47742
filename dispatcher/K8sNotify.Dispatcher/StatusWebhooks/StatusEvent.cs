using System.Text.Json;
using System.Text.Json.Serialization;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>The body POSTed to a status webhook for one transition: the status record as written, with its revision.</summary>
public sealed record StatusEvent
{
    public const string StatusType = "notification.status";

    /// <summary><c>&lt;namespace&gt;/&lt;channel&gt;/&lt;revision&gt;</c>: unique per transition, the same on every retry.</summary>
    [JsonPropertyName("eventId")]
    public required string EventId { get; init; }

    [JsonPropertyName("type")]
    public string Type { get; init; } = StatusType;

    /// <summary>The status record's KV revision: grows with every transition of the Channel, so receivers can order and de-duplicate.</summary>
    [JsonPropertyName("revision")]
    public required ulong Revision { get; init; }

    [JsonPropertyName("occurredAt")]
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The status record after the transition (as GET /v1/notifications/{id} returns it).</summary>
    [JsonPropertyName("notification")]
    public required StatusRecord Notification { get; init; }

    public static string EventIdOf(StatusRecord record, ulong revision) =>
        $"{record.Namespace}/{record.Channel}/{revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static StatusEvent For(StatusRecord record, ulong revision) => new()
    {
        EventId = EventIdOf(record, revision),
        Revision = revision,
        OccurredAt = record.UpdatedAt,
        Notification = record,
    };

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, StatusJson.Options);

    public static StatusEvent? Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<StatusEvent>(json, StatusJson.Options);
}
