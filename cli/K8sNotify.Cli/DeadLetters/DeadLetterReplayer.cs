using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Cli.DeadLetters;

/// <summary>
/// Republishes a dead letter to the subject it was first published to, and records it. The notification's status record
/// goes from dead_lettered back to accepted by a compare-and-set write whose reason names the dead letter (so the
/// history shows the replay), before the publish: a dispatcher that sees the replayed message finds a live record
/// instead of a terminal one, and a second replay finds the record no longer dead-lettered and is refused. The
/// replayed message carries <see cref="ReplayedFromHeader"/>.
/// </summary>
internal sealed class DeadLetterReplayer(INatsJSContext js, ChannelStatusStore status, Channel channel, string deadLetterStream, TimeProvider time)
{
    /// <summary>Header of a replayed message: the dead-letter stream and sequence it came from.</summary>
    public const string ReplayedFromHeader = "K8sNotify-Replayed-From";

    public async Task<ReplayResult> ReplayAsync(DeadLetter letter, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var origin = $"{deadLetterStream}:{letter.Sequence.ToString(CultureInfo.InvariantCulture)}";
        var subject = letter.OriginalSubject ?? channel.Spec.Subjects.FirstOrDefault()
            ?? throw new CliException($"dead letter {letter.Sequence} names no subject and the Channel has none");
        StatusEntry? before = null;
        StatusEntry? reset = null;
        if (letter.NotificationId is { } id)
        {
            before = await status.GetAsync(id, cancellationToken).ConfigureAwait(false);
            reset = await ResetAsync(id, before, origin, force, cancellationToken).ConfigureAwait(false);
        }
        else if (!force)
        {
            throw new CliException($"dead letter {letter.Sequence} names no notification (its message could not be read), so its replay cannot be recorded; --force republishes it as it is");
        }

        var msgId = MessageIdFor(letter, before?.Record ?? reset?.Record, origin);
        var headers = new NatsHeaders { [ReplayedFromHeader] = origin };
        try
        {
            var ack = await js.PublishAsync(subject, letter.Payload, NatsRawSerializer<byte[]>.Default, new NatsJSPubOpts { MsgId = msgId }, headers, cancellationToken).ConfigureAwait(false);
            ack.EnsureSuccess();
            if (ack.Duplicate)
            {
                throw new CliException($"the Channel's stream discarded the replay as a duplicate of message id {msgId} (published within its duplicate window); try again later");
            }

            return new ReplayResult(subject, ack.Seq, letter.NotificationId, origin);
        }
        catch (Exception) when (reset is not null && before is not null)
        {
            // Not republished: put the dead-lettered record back, so the replay can be tried again.
            await status.TryWriteAsync(before.Record with { UpdatedAt = time.GetUtcNow() }, reset.Revision, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<StatusEntry?> ResetAsync(string id, StatusEntry? current, string origin, bool force, CancellationToken cancellationToken)
    {
        if (current is { Record.State: not NotificationState.DeadLettered } && !force)
        {
            throw new CliException($"notification {id} is {current.Record.State.WireName()}, not dead_lettered: it was replayed before or delivered since; --force republishes it anyway");
        }

        var now = time.GetUtcNow();
        var record = current?.Record is { } old
            ? old with
            {
                State = NotificationState.Accepted,
                Attempts = 0,
                Reason = $"replayed from dead letter {origin}",
                UpdatedAt = now,
                NextAttemptAt = null,
                RateLimitAllowedAt = null,
                Provider = null,
                ProviderMessageId = null,
                SentAt = null,
            }
            : new StatusRecord
            {
                Id = id,
                MessageId = id,
                Namespace = channel.Metadata.NamespaceProperty ?? "default",
                Channel = channel.Metadata.Name,
                State = NotificationState.Accepted,
                Reason = $"replayed from dead letter {origin}",
                CreatedAt = now,
                UpdatedAt = now,
            };
        return await status.TryWriteAsync(record, current?.Revision ?? 0, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"notification {id} changed while it was being replayed (another replay?); nothing was republished");
    }

    // The message's own id field names the notification, and the Nats-Msg-Id only de-duplicates the replay. Without an
    // id field the dispatcher takes the Nats-Msg-Id as the id, so it has to be the message id, or absent when none is known.
    private static string? MessageIdFor(DeadLetter letter, StatusRecord? record, string origin) =>
        HasIdField(letter.Payload) ? $"replay:{origin}" : record?.MessageId;

    private static bool HasIdField(byte[] payload)
    {
        try
        {
            return JsonNode.Parse(payload) is JsonObject obj && obj["id"] is JsonValue value && value.GetValueKind() == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Where a dead letter went again.</summary>
    public sealed record ReplayResult(string Subject, ulong StreamSequence, string? NotificationId, string Origin);
}
