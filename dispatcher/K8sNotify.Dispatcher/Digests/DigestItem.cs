using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Digests;

/// <summary>One notification stored in a digest: what the digest Template lists about it.</summary>
public sealed record DigestItem
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("id")]
    public required string NotificationId { get; init; }

    [JsonPropertyName("messageId")]
    public required string MessageId { get; init; }

    [JsonPropertyName("template")]
    public required string Template { get; init; }

    [JsonPropertyName("recipient")]
    public required string Recipient { get; init; }

    [JsonPropertyName("locale")]
    public string? Locale { get; init; }

    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    [JsonPropertyName("publishedAt")]
    public DateTimeOffset PublishedAt { get; init; }

    [JsonPropertyName("data")]
    public JsonObject Data { get; init; } = [];

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>The item, or null for bytes that are not one (they are skipped, never thrown on).</summary>
    public static DigestItem? Deserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<DigestItem>(bytes, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the digest Template sees of this item.</summary>
    public JsonObject ToModel() => new()
    {
        ["id"] = NotificationId,
        ["template"] = Template,
        ["publishedAt"] = PublishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = Data.DeepClone(),
    };
}
