using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The body format of the events a Channel's status webhook receives.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatusWebhookFormat>))]
public enum StatusWebhookFormat
{
    /// <summary>K8sNotify's own JSON event: eventId, type, revision, occurredAt and the notification's status record.</summary>
    [JsonStringEnumMemberName("k8snotify")] K8sNotify,

    /// <summary>A CloudEvents 1.0 event in structured JSON mode whose data is the notification's status record.</summary>
    [JsonStringEnumMemberName("cloudevents")] CloudEvents,
}
