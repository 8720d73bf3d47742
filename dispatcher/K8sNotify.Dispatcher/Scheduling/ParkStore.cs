using System.Globalization;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Digests;
using K8sNotify.Dispatcher.Pipeline;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>
/// Parks a message that must wait: publishes it unchanged to the park stream on the subject of its due second, with
/// headers that let the release restore its identity. The caller acks the work message only after this returns.
/// </summary>
public sealed class ParkStore(INatsJSContext js, Channel channel)
{
    private static readonly NatsRawSerializer<ReadOnlyMemory<byte>> Raw = NatsRawSerializer<ReadOnlyMemory<byte>>.Default;

    private readonly string _prefix = ChannelJetStream.ParkSubjectPrefix(channel);
    private readonly string _stream = ChannelJetStream.ParkStreamName(channel);

    /// <summary>Counts parked messages; none when unset.</summary>
    public SchedulingMetrics? Metrics { get; init; }

    /// <summary>The second (Unix time) whose slot holds a message due at <paramref name="due"/>: the first second not before it.</summary>
    public static long SlotOf(DateTimeOffset due) => (due.ToUnixTimeMilliseconds() + 999) / 1000;

    /// <summary>The subject of a slot.</summary>
    public string SlotSubject(long slot) => _prefix + "." + slot.ToString(CultureInfo.InvariantCulture);

    /// <param name="incoming">The message as delivered from the work stream.</param>
    /// <param name="due">When it must be released.</param>
    /// <param name="reason">Why it waits (schedule, rate_limit, retry).</param>
    /// <param name="attempts">Delivery attempts so far.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    public async Task ParkAsync(IncomingMessage incoming, DateTimeOffset due, string reason, int attempts, CancellationToken cancellationToken)
    {
        var dueMs = due.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var headers = new NatsHeaders
        {
            [ParkHeaders.Due] = dueMs,
            [ParkHeaders.PublishedAt] = incoming.PublishedAt.ToString("O", CultureInfo.InvariantCulture),
            [ParkHeaders.OriginalSubject] = incoming.Subject,
            [ParkHeaders.Reason] = reason,
            [ParkHeaders.Attempts] = attempts.ToString(CultureInfo.InvariantCulture),
        };
        if (incoming.MsgIdHeader is { } msgId)
        {
            headers[ParkHeaders.OriginalMsgId] = msgId;
        }

        foreach (var name in (ReadOnlySpan<string>)[DigestHeaders.Group, DigestHeaders.Id])
        {
            if (incoming.Headers?.TryGetValue(name, out var value) == true)
            {
                headers[name] = value;
            }
        }

        // A redelivery of the same work message parks it again for the same time: the park stream drops the copy.
        var parkId = $"{_stream}:{incoming.StreamSequence.ToString(CultureInfo.InvariantCulture)}:{dueMs}";
        await PublishAsync(incoming.Data, due, parkId, headers, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parks a message the dispatcher wrote itself (a digest's release), released to <paramref name="subject"/> at <paramref name="due"/>.</summary>
    public async Task ParkOwnAsync(
        string subject, ReadOnlyMemory<byte> data, string msgId, DateTimeOffset now, DateTimeOffset due, string reason, IReadOnlyDictionary<string, string> extraHeaders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extraHeaders);
        var headers = new NatsHeaders
        {
            [ParkHeaders.Due] = due.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            [ParkHeaders.PublishedAt] = now.ToString("O", CultureInfo.InvariantCulture),
            [ParkHeaders.OriginalSubject] = subject,
            [ParkHeaders.OriginalMsgId] = msgId,
            [ParkHeaders.Reason] = reason,
            [ParkHeaders.Attempts] = "0",
        };
        foreach (var (name, value) in extraHeaders)
        {
            headers[name] = value;
        }

        await PublishAsync(data, due, $"{_stream}:{msgId}", headers, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(ReadOnlyMemory<byte> data, DateTimeOffset due, string parkId, NatsHeaders headers, string reason, CancellationToken cancellationToken)
    {
        var ack = await js.PublishAsync(SlotSubject(SlotOf(due)), data, Raw, new NatsJSPubOpts { MsgId = parkId }, headers, cancellationToken)
            .ConfigureAwait(false);
        if (ack.Duplicate)
        {
            // Parked already (a redelivery of the same message): the park stream kept the first copy.
            return;
        }

        ack.EnsureSuccess();
        Metrics?.CountParked(channel.Metadata.NamespaceProperty ?? "default", channel.Metadata.Name, reason);
    }
}
