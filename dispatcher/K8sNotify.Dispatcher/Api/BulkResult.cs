using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Api;

/// <summary>The answer of a bulk submit: counts and one result per item, in request order (202 when all were accepted, 207 otherwise).</summary>
public sealed record BulkResult(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("items")] IReadOnlyList<BulkItemResult> Items);
