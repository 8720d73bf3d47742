using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Api;

/// <summary>The 202 answer of a submit: the id, "accepted" (or the state a resubmitted id is already in) and where to read its status.</summary>
public sealed record AcceptedNotification(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("statusUrl")] string StatusUrl);
