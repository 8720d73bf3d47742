using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>The answer to a receipt: what it did (applied, duplicate, ignored) and the notification's state afterwards.</summary>
public sealed record ReceiptAnswer(
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("state")] string? State);
