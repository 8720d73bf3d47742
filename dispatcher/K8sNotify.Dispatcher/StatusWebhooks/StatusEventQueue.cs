using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>
/// Queues a transition for a Channel's status webhook: a plain (buffered, no round trip) publish to the notification's
/// partition subject, captured by the Channel's file-backed status-event stream, so the delivery path only pays the
/// serialization. <c>Nats-Msg-Id</c> = event id lets the stream drop a repeated publish.
/// </summary>
public sealed class StatusEventQueue(INatsConnection connection, IOptions<StatusWebhookOptions> options)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    public async ValueTask PublishAsync(Channel channel, StatusRecord record, ulong revision, CancellationToken cancellationToken)
    {
        if (channel.Spec.StatusWebhook is null)
        {
            return;
        }

        var evt = StatusEvent.For(record, revision);
        var headers = new NatsHeaders
        {
            ["Nats-Msg-Id"] = evt.EventId,
            [StatusWebhookNames.EventIdHeader] = evt.EventId,
            [StatusWebhookNames.NotificationIdHeader] = HeaderSafe(record.Id),
        };
        var subject = StatusWebhookNames.Subject(channel, StatusWebhookNames.Partition(record.Id, options.Value.Partitions));
        await connection.PublishAsync(subject, evt.Serialize(), headers, serializer: Raw, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // Header values cannot carry line breaks (ids come from apps).
    private static string HeaderSafe(string value) => new([.. value.Select(c => char.IsControl(c) ? ' ' : c)]);
}
