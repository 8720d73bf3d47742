using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>
/// The status webhook's own dead letters: an event the receiver never accepted goes, unchanged, to
/// <c>k8snotify.statushook-dlq.&lt;ns&gt;.&lt;channel&gt;</c> (kept 14 days by its own stream) with the reason in
/// <c>K8sNotify-Reason</c>, like the Channel's message dead letters; the event id is the Nats-Msg-Id, so a crash between
/// publish and ack does not dead-letter twice.
/// </summary>
public sealed class StatusWebhookDeadLetters(INatsJSContext js)
{
    public const int MaxReasonLength = 1024;

    public async Task PublishAsync(Channel channel, string originalSubject, ReadOnlyMemory<byte> payload, string eventId, string? notificationId, string reason, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders
        {
            [NatsNames.DeadLetterReasonHeader] = Clean(reason),
            [NatsNames.DeadLetterOriginalSubjectHeader] = originalSubject,
            [StatusWebhookNames.EventIdHeader] = eventId,
        };
        if (notificationId is not null)
        {
            headers[StatusWebhookNames.NotificationIdHeader] = Clean(notificationId);
        }

        var ack = await js.PublishAsync(
            StatusWebhookNames.DeadLetterSubject(channel),
            payload,
            serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
            opts: new NatsJSPubOpts { MsgId = eventId },
            headers: headers,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
    }

    private static string Clean(string value)
    {
        var cleaned = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]);
        return cleaned.Length <= MaxReasonLength ? cleaned : cleaned[..MaxReasonLength];
    }
}
