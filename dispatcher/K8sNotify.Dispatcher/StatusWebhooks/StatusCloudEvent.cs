using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>
/// Turns a queued status event into a CloudEvents 1.0 event in structured JSON mode: <c>id</c> is the event id,
/// <c>type</c> <c>io.k8snotify.notification.&lt;state&gt;</c>, <c>source</c> names the Channel, <c>subject</c> is the
/// notification id, <c>time</c> when the transition happened, <c>data</c> the status record, and the
/// <c>revision</c> extension carries the record's KV revision (a decimal string) for ordering.
/// </summary>
public static class StatusCloudEvent
{
    /// <summary>The prefix of every status event type; the notification's state follows it.</summary>
    public const string TypePrefix = "io.k8snotify.notification.";

    /// <summary>The media type of the request body.</summary>
    public const string ContentType = "application/cloudevents+json";

    /// <summary>The extension attribute holding the status record's KV revision.</summary>
    public static readonly CloudEventAttribute RevisionAttribute = CloudEventAttribute.CreateExtension("revision", CloudEventAttributeType.String);

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>The <c>source</c> of a Channel's status events.</summary>
    public static Uri SourceOf(string ns, string channel) => new($"/namespaces/{ns}/channels/{channel}", UriKind.Relative);

    /// <summary>The structured-mode body for <paramref name="statusEventJson"/> (a serialized <see cref="StatusEvent"/>).</summary>
    /// <exception cref="JsonException">The queued body is not a status event.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> statusEventJson)
    {
        var evt = StatusEvent.Deserialize(statusEventJson) ?? throw new JsonException("the queued status event is empty");
        var record = evt.Notification;
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [RevisionAttribute])
        {
            Id = evt.EventId,
            Type = TypePrefix + JsonSerializer.SerializeToElement(record.State, StatusJson.Options).GetString(),
            Source = SourceOf(record.Namespace, record.Channel),
            Subject = record.Id,
            Time = evt.OccurredAt,
            DataContentType = "application/json",
            Data = JsonSerializer.SerializeToElement(record, StatusJson.Options),
            [RevisionAttribute] = evt.Revision.ToString(CultureInfo.InvariantCulture),
        };
        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
    }
}
