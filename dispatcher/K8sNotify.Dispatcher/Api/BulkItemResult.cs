using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Api;

/// <summary>The result of one item of a bulk submit: accepted with its status URL, or invalid with its problems by field.</summary>
public sealed record BulkItemResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("statusUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusUrl,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors);
