using System.Globalization;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Messaging.Poison;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Scheduling;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>
/// The consume loop of one Channel: pulls only as many messages as there are free worker slots, processes them
/// concurrently, and acks or NAKs each once its outcome is recorded. Stopping ends the loop after the current pull
/// (at most <see cref="PipelineOptions.FetchExpiry"/>) and waits for in-flight messages, so nothing fetched is dropped.
/// </summary>
public sealed class ChannelConsumer(
    ChannelPipelineContext context,
    INatsJSConsumer consumer,
    NotificationProcessor processor,
    PipelineOptions options,
    ILogger logger,
    PoisonMessageHandler poison)
{
    public const string MsgIdHeader = "Nats-Msg-Id";

    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <param name="concurrency">Messages processed at the same time.</param>
    /// <param name="stopping">Stop pulling (graceful shutdown).</param>
    /// <param name="abort">Give up on in-flight work (shutdown timeout); unacked messages are redelivered after the ack wait.</param>
    public async Task RunAsync(int concurrency, CancellationToken stopping, CancellationToken abort)
    {
        // Not disposed: after an abort, straggling handlers may still release it.
        var slots = new SemaphoreSlim(concurrency, concurrency);
        var started = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (!await WaitWhileSuspendedAsync(stopping).ConfigureAwait(false))
                {
                    break;
                }

                try
                {
                    await slots.WaitAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                // We hold one slot; ask for it plus every other free one.
                var want = slots.CurrentCount + 1;
                var received = 0;
                var opts = new NatsJSFetchOpts { MaxMsgs = want, Expires = options.FetchExpiry };

                // The pull is not cancelled on stop: messages already on their way are processed, not dropped.
                await foreach (var msg in consumer.FetchAsync<byte[]>(opts, cancellationToken: abort).ConfigureAwait(false))
                {
                    if (received++ > 0)
                    {
                        await slots.WaitAsync(abort).ConfigureAwait(false);
                    }

                    started++;
                    Interlocked.Increment(ref _inFlight);
                    _ = HandleAsync(msg, slots, abort);
                }

                if (received == 0)
                {
                    slots.Release();
                }
            }
        }
        finally
        {
            // Drain: every slot back means every in-flight message was acked or NAKed.
            for (var i = 0; i < concurrency; i++)
            {
                try
                {
                    await slots.WaitAsync(abort).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            logger.ConsumerStopped(context.Key, started);
        }
    }

    /// <summary>
    /// While the Channel is suspended, pulls nothing: messages stay in the stream and in-flight ones finish. Waits for
    /// a reload that resumes it; false when stopping first.
    /// </summary>
    private async Task<bool> WaitWhileSuspendedAsync(CancellationToken stopping)
    {
        var paused = false;
        while (true)
        {
            var changed = context.RuntimeChanged;
            if (context.Runtime.Suspension is not { } suspension)
            {
                if (paused)
                {
                    logger.ChannelResumed(context.Key);
                }

                return true;
            }

            if (!paused)
            {
                logger.ChannelSuspended(context.Key, suspension.Message);
                paused = true;
            }

            try
            {
                await changed.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Tells JetStream the message is still being worked on, so a slow provider does not cause a redelivery.</summary>
    private async Task KeepAliveAsync(INatsJSMsg<byte[]> msg, CancellationToken cancellationToken)
    {
        // Bound to an operator's consumer, its ack wait may be shorter than this dispatcher's setting.
        var ackWait = consumer.Info.Config.AckWait is { } bound && bound > TimeSpan.Zero && bound < options.AckWait ? bound : options.AckWait;
        var interval = ackWait / 2;
        try
        {
            while (true)
            {
                // Almost every message finishes before its first progress ack is due: ending the wait without an
                // exception keeps a thrown TaskCanceledException off the hot path (it cost one per notification).
                await Task.Delay(interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await msg.AckProgressAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // processing finished while a progress ack was being sent
        }
#pragma warning disable CA1031 // A lost progress ack only risks a redelivery, which the status record absorbs.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.PendingRefreshFailed(context.Key, e.Message);
        }
    }

    /// <summary>The transport-free view of a delivery; a released message gets back its app's Nats-Msg-Id and publish time.</summary>
    private static IncomingMessage IncomingOf(INatsJSMsg<byte[]> msg)
    {
        var metadata = msg.Metadata;
        var headers = msg.Headers;
        var released = Header(headers, ParkHeaders.Released) is not null;
        var msgId = released ? Header(headers, ParkHeaders.OriginalMsgId) : Header(headers, MsgIdHeader);
        var publishedAt = metadata?.Timestamp ?? DateTimeOffset.UtcNow;
        if (released && DateTimeOffset.TryParse(Header(headers, ParkHeaders.PublishedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var original))
        {
            publishedAt = original;
        }

        return new IncomingMessage(
            msg.Subject,
            msg.Data ?? [],
            msgId,
            metadata?.NumDelivered ?? 1,
            metadata?.Sequence.Stream ?? 0,
            publishedAt,
            headers?.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.Ordinal)) { Released = released };
    }

    private static string? Header(NatsHeaders? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    /// <summary>Parks the message until it is due and acks it here; if the park store cannot take it, it waits on this consumer a little and is tried again.</summary>
    private async Task<ProcessingDecision> ParkAsync(IncomingMessage incoming, ProcessingDecision decision, DateTimeOffset due, CancellationToken abort)
    {
        try
        {
            await context.Park.ParkAsync(incoming, due, decision.ParkReason ?? "wait", decision.Attempts, abort).ConfigureAwait(false);
            return ProcessingDecision.Acknowledge;
        }
        catch (NatsException e)
        {
            logger.ProcessingError(context.Key, incoming.StreamSequence, e);
            return ProcessingDecision.Redeliver(options.ParkThreshold);
        }
    }

    private async Task HandleAsync(INatsJSMsg<byte[]> msg, SemaphoreSlim slots, CancellationToken abort)
    {
        try
        {
            await Task.Yield();
            var incoming = IncomingOf(msg);

            // Every entry logged while this message is handled (by any logger) names its Channel and notification.
            using var scope = logger.BeginScope(new MessageLogScope(context.Key, incoming.StreamSequence, incoming.Data, incoming.MsgIdHeader));
            using var activity = DispatcherTracing.StartProcess(incoming, context.Key);

            ProcessingDecision decision;
            using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(abort);
            var progress = KeepAliveAsync(msg, keepAlive.Token);
            try
            {
                decision = await processor.ProcessAsync(context, incoming, abort).ConfigureAwait(false);
                poison.Succeeded(context.Key, incoming.StreamSequence);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One bad message (or a NATS hiccup) must never stop the consumer.
            catch (Exception e)
#pragma warning restore CA1031
            {
                decision = await poison.FailedAsync(context, incoming, e, abort).ConfigureAwait(false);
            }
            finally
            {
                await keepAlive.CancelAsync().ConfigureAwait(false);
                await progress.ConfigureAwait(false);
            }

            if (decision.ParkUntil is { } due)
            {
                decision = await ParkAsync(incoming, decision, due, abort).ConfigureAwait(false);
            }

            if (decision.Ack)
            {
                await msg.AckAsync(new AckOpts { DoubleAck = options.DoubleAck }, abort).ConfigureAwait(false);
            }
            else
            {
                await msg.NakAsync(new AckOpts { NakDelay = decision.NakDelay }, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Shutdown timeout: the message is redelivered after the ack wait.
        }
#pragma warning disable CA1031 // A failed ack means redelivery, which the status record makes harmless.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.ProcessingError(context.Key, msg.Metadata?.Sequence.Stream ?? 0, e);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            slots.Release();
        }
    }
}
