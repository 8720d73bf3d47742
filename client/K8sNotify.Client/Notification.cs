using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>
/// One notification as a K8sNotify Channel accepts it, over NATS or through the HTTP API: which Template to render,
/// for whom, with which data, and optionally when.
/// </summary>
public sealed record Notification
{
    /// <summary>
    /// The idempotency key: the same id is never sent twice. 1 to 200 characters of <c>A-Z a-z 0-9 - _</c>. When null,
    /// <see cref="K8sNotifyPublisher"/> assigns a new one and the HTTP API picks one itself.
    /// </summary>
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    /// <summary>The name of a Template the Channel lists.</summary>
    [JsonPropertyName("template")]
    public required string Template { get; init; }

    /// <summary>The preferred locale (for example <c>de</c> or <c>pt-BR</c>); the Template's fallback applies when it has none for it.</summary>
    [JsonPropertyName("locale")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Locale { get; init; }

    /// <summary>One recipient, or a list (each recipient of a list gets its own notification id, <c>id:index</c>).</summary>
    [JsonPropertyName("to")]
    public required Recipients To { get; init; }

    /// <summary>The values the Template renders; it must match the Template's schema when it has one.</summary>
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    /// <summary>The delivery priority; the Channel's default (normal) when null.</summary>
    [JsonPropertyName("priority")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NotificationPriority? Priority { get; init; }

    /// <summary>When to send it; right away when null or in the past.</summary>
    [JsonPropertyName("sendAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Builds <see cref="Data"/> from any serializable value (an anonymous object, a record, a dictionary).</summary>
    /// <exception cref="ArgumentException">The value does not serialize to a JSON object.</exception>
    public static JsonObject DataFrom<T>(T value) =>
        JsonSerializer.SerializeToNode(value, ClientJson.Options) as JsonObject
            ?? throw new ArgumentException("notification data must serialize to a JSON object", nameof(value));

    /// <summary>The message body as UTF-8 JSON, exactly as it is published or submitted.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ClientJson.Options);

    /// <summary>The ids of the notifications this message becomes: its id, or <c>id:index</c> per recipient of a list.</summary>
    /// <param name="messageId">The id the message was sent with (<see cref="Id"/>, or the one assigned to it).</param>
    public IReadOnlyList<string> NotificationIds(string messageId) =>
        To.IsList
            ? [.. Enumerable.Range(0, To.Addresses.Count).Select(i => $"{messageId}:{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}")]
            : [messageId];
}
