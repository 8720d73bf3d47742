using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>The answer to an accepted submit: the notification id, its state and where its status is read.</summary>
/// <param name="Id">The notification id (the one sent, or the one the dispatcher assigned).</param>
/// <param name="Status"><c>accepted</c>, or the state of an id that was submitted before (it is never sent twice).</param>
/// <param name="StatusUrl">The path of its status, relative to the dispatcher's address.</param>
public sealed record SubmitResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("statusUrl")] string StatusUrl);
