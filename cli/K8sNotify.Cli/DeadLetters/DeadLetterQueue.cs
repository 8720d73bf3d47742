using System.Runtime.CompilerServices;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.DeadLetters;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Cli.DeadLetters;

/// <summary>Reads a Channel's dead-letter stream with short-lived ordered consumers: reading takes nothing away, so dead letters stay for the next look.</summary>
internal sealed class DeadLetterQueue(INatsJSContext js, Channel channel)
{
    private static readonly NatsJSNextOpts Next = new() { Expires = TimeSpan.FromSeconds(2) };

    public string StreamName { get; } = NatsNames.DeadLetterStreamName(channel);

    public INatsJSContext JetStream => js;

    public Channel Channel => channel;

    /// <summary>The newest <paramref name="limit"/> dead letters, oldest first.</summary>
    public async IAsyncEnumerable<DeadLetter> ListAsync(int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = (await StreamAsync(cancellationToken).ConfigureAwait(false)).Info.State;
        if (state.Messages == 0)
        {
            yield break;
        }

        var first = state.LastSeq >= (ulong)limit ? Math.Max(state.FirstSeq, state.LastSeq - (ulong)limit + 1) : state.FirstSeq;
        await foreach (var letter in ReadAsync(first, state.LastSeq, cancellationToken).ConfigureAwait(false))
        {
            yield return letter;
        }
    }

    /// <summary>The dead letter at <paramref name="sequence"/>, or null when there is none (never was, aged out, or deleted).</summary>
    public async Task<DeadLetter?> GetAsync(ulong sequence, CancellationToken cancellationToken)
    {
        var state = (await StreamAsync(cancellationToken).ConfigureAwait(false)).Info.State;
        if (state.Messages == 0 || sequence < state.FirstSeq || sequence > state.LastSeq)
        {
            return null;
        }

        await foreach (var letter in ReadAsync(sequence, sequence, cancellationToken).ConfigureAwait(false))
        {
            return letter.Sequence == sequence ? letter : null;
        }

        return null;
    }

    private async IAsyncEnumerable<DeadLetter> ReadAsync(ulong first, ulong last, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consumer = await js.CreateOrderedConsumerAsync(
            StreamName,
            new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, OptStartSeq = first },
            cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var next = await consumer.NextAsync(NatsRawSerializer<byte[]>.Default, Next, cancellationToken).ConfigureAwait(false);
            if (next is not { Metadata: { } metadata } msg)
            {
                yield break;
            }

            yield return From(msg, metadata);
            if (metadata.Sequence.Stream >= last)
            {
                yield break;
            }
        }
    }

    private async Task<INatsJSStream> StreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await js.GetStreamAsync(StreamName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            throw new CliException($"Channel {channel.Metadata.NamespaceProperty ?? "default"}/{channel.Metadata.Name} has no dead-letter stream {StreamName}: has a dispatcher started for it?");
        }
    }

    private static DeadLetter From(INatsJSMsg<byte[]> msg, NatsJSMsgMetadata metadata)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in msg.Headers ?? [])
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        return new DeadLetter(
            metadata.Sequence.Stream,
            metadata.Timestamp,
            headers.GetValueOrDefault(NatsNames.DeadLetterReasonHeader) ?? "",
            headers.GetValueOrDefault(NatsNames.DeadLetterOriginalSubjectHeader),
            headers.TryGetValue(DeadLetterPublisher.NotificationIdHeader, out var id) ? Uri.UnescapeDataString(id) : null,
            headers,
            msg.Data ?? []);
    }
}
