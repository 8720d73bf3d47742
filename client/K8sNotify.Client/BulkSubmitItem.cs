using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>The result of one item of a bulk submit: accepted with its status URL, or invalid with its problems by field.</summary>
/// <param name="Index">The item's position in the request.</param>
/// <param name="Id">Its notification id, when one was known.</param>
/// <param name="Status"><c>accepted</c> (or an earlier submit's state), or <c>invalid</c>.</param>
/// <param name="StatusUrl">The path of its status when accepted.</param>
/// <param name="Errors">The problems by field (<c>to[1]</c>, <c>data.order</c>, <c>$</c>) when invalid.</param>
public sealed record BulkSubmitItem(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("statusUrl")] string? StatusUrl,
    [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>Whether the item was accepted.</summary>
    [JsonIgnore]
    public bool IsAccepted => Errors is null;
}
