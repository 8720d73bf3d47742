using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>The scheduler's lease of a Channel (who releases parked messages, until when) and the last slot it released.</summary>
public sealed record LeaseRecord(
    [property: JsonPropertyName("holder")] string Holder,
    [property: JsonPropertyName("expiresAt")] long ExpiresAtMs,
    [property: JsonPropertyName("cursor")] long Cursor);
