using System.Globalization;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.DeadLetters;

/// <summary>Publishes a message's original payload to the Channel's dead-letter subject (kept by its own stream) with the reason in a header.</summary>
public sealed class DeadLetterPublisher(INatsJSContext js, Channel channel)
{
    /// <summary>Header naming the notification (recipient) a dead letter is about, for bulk messages.</summary>
    public const string NotificationIdHeader = "K8sNotify-Notification-Id";

    public const int MaxReasonLength = 1024;

    private readonly string _subject = NatsNames.DeadLetterSubject(channel);
    private readonly string _stream = NatsNames.StreamName(channel);

    public string Subject => _subject;

    /// <param name="originalSubject">The subject the app published to.</param>
    /// <param name="payload">The original bytes, unchanged.</param>
    /// <param name="streamSequence">The message's sequence in the Channel's stream; with the notification id it makes the dead letter's Nats-Msg-Id, so a redelivery does not dead-letter twice.</param>
    /// <param name="notificationId">The notification (recipient) concerned, when known.</param>
    /// <param name="reason">Why; goes into the reason header.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    public async Task PublishAsync(string originalSubject, ReadOnlyMemory<byte> payload, ulong streamSequence, string? notificationId, string reason, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders
        {
            [NatsNames.DeadLetterReasonHeader] = HeaderValues.Text(reason, MaxReasonLength),
            [NatsNames.DeadLetterOriginalSubjectHeader] = originalSubject,
        };
        if (notificationId is not null)
        {
            headers[NotificationIdHeader] = HeaderValues.Text(notificationId, MaxReasonLength);
        }

        // The id comes from the message: encoded so that no content can make the publish fail, yet still one to one.
        var msgId = $"{_stream}:{streamSequence.ToString(CultureInfo.InvariantCulture)}:{(notificationId is null ? "" : HeaderValues.Token(notificationId))}";
        var ack = await js.PublishAsync(_subject, payload, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default, opts: new NatsJSPubOpts { MsgId = msgId }, headers: headers, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        ack.EnsureSuccess();
    }
}
