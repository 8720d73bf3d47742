using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>The answer to a bulk submit: how many items were accepted and rejected, and one result per item in request order.</summary>
/// <param name="Accepted">Items accepted.</param>
/// <param name="Rejected">Items refused as invalid (see their <see cref="BulkSubmitItem.Errors"/>).</param>
/// <param name="Items">One result per submitted item, in request order.</param>
public sealed record BulkSubmitResult(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("items")] IReadOnlyList<BulkSubmitItem> Items);
