using System.Diagnostics;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Contract.CloudEvents;
using K8sNotify.Dispatcher.Observability;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>
/// Reads the notification message out of a message taken from the stream: its CloudEvents envelope first (structured
/// or binary mode), then the strict decoder. The pipeline and the poison handler both read messages this way, so a
/// CloudEvent's id is found on either path.
/// </summary>
public static class IncomingDecoder
{
    /// <summary>The message, or why it is not one (with the id when one could be read).</summary>
    public static DecodeResult Decode(IncomingMessage incoming)
    {
        using var activity = DispatcherTracing.StartStep("decode");
        var envelope = CloudEventUnwrapper.Unwrap(incoming.Data, incoming.Headers, incoming.MsgIdHeader);
        var result = envelope.Error is { } invalidEvent
            ? DecodeResult.Invalid(invalidEvent, incoming.MsgIdHeader)
            : MessageDecoder.Decode(envelope.Data.Span, envelope.FallbackId);
        if (activity is not null)
        {
            activity.SetTag("k8snotify.notification.id", result.Id);
            activity.SetTag("k8snotify.cloudevent", envelope.IsCloudEvent);
            if (result.Message is null)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.Error);
            }
        }

        return result;
    }
}
