using System.Net.Sockets;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Messaging.Poison;

/// <summary>
/// What happens to a message whose processing throws. Infrastructure trouble (NATS, timeouts, sockets) is retried with
/// backoff and not counted; any other exception is counted, and once a message has failed
/// <see cref="PoisonOptions.MaxAttempts"/> times it is dead-lettered with the exception type as the reason and its
/// notifications are marked dead-lettered, so one bad message can neither loop forever nor flood the log.
/// </summary>
public sealed class PoisonMessageHandler
{
    /// <summary>Cap of the redelivery delay after a failed attempt.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private const int MaxWriteRounds = 4;

    private readonly PoisonOptions _options;
    private readonly FailureCounter _failures;
    private readonly ExceptionLogThrottle _traces;
    private readonly DispatcherMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<PoisonMessageHandler> _logger;

    public PoisonMessageHandler(IOptions<PoisonOptions> options, DispatcherMetrics metrics, TimeProvider time, ILogger<PoisonMessageHandler> logger)
    {
        _options = options.Value;
        _failures = new FailureCounter(_options.TrackedMessages);
        _traces = new ExceptionLogThrottle(time, _options.TraceLogInterval);
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Messages with failures remembered right now.</summary>
    public int Tracked => _failures.Tracked;

    /// <summary>The message was processed: its failure count (if any) is dropped.</summary>
    public void Succeeded(string channel, ulong streamSequence) => _failures.Forget(channel, streamSequence);

    /// <summary>Decides what to do after processing threw: redeliver later, or dead-letter and acknowledge.</summary>
    public async Task<ProcessingDecision> FailedAsync(ChannelPipelineContext context, IncomingMessage incoming, Exception exception, CancellationToken cancellationToken)
    {
        if (IsInfrastructure(exception))
        {
            Log(context.Key, incoming.StreamSequence, 0, exception);
            return ProcessingDecision.Redeliver(Backoff((int)Math.Min(incoming.NumDelivered, 16)));
        }

        var failures = _failures.Increment(context.Key, incoming.StreamSequence);
        Log(context.Key, incoming.StreamSequence, failures, exception);
        if (failures < _options.MaxAttempts)
        {
            return ProcessingDecision.Redeliver(Backoff(failures));
        }

        var reason = $"processing failed {failures} times: {exception.GetType().FullName}";
        try
        {
            await DeadLetterAsync(context, incoming, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Publishing or recording failed (NATS trouble): the count is kept, so the next failure tries again.
            _logger.PoisonDeadLetterFailed(context.Key, incoming.StreamSequence, e.Message);
            return ProcessingDecision.Redeliver(MaxRetryDelay);
        }

        _failures.Forget(context.Key, incoming.StreamSequence);
        return ProcessingDecision.Acknowledge;
    }

    /// <summary>Failures that say nothing about the message itself: they are retried without counting against it.</summary>
    public static bool IsInfrastructure(Exception exception) =>
        exception is NatsException or TimeoutException or SocketException or IOException
        || (exception.InnerException is { } inner && IsInfrastructure(inner));

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Max(0, failures - 1))));

    private void Log(string channel, ulong sequence, int failures, Exception exception)
    {
        if (_traces.ShouldLog(exception, out var suppressed))
        {
            _logger.ProcessingFailed(channel, sequence, failures, _options.MaxAttempts, suppressed, exception);
        }
    }

    private async Task DeadLetterAsync(ChannelPipelineContext context, IncomingMessage incoming, string reason, CancellationToken cancellationToken)
    {
        var runtime = context.Runtime;
        var ids = KnownIds(incoming);
        await context.DeadLetters.PublishAsync(incoming.Subject, incoming.Data, incoming.StreamSequence, ids.Count == 1 ? ids[0].Id : ids.FirstOrDefault().MessageId, reason, cancellationToken)
            .ConfigureAwait(false);
        foreach (var (id, messageId) in ids)
        {
            await MarkDeadLetteredAsync(context.Status, runtime.Namespace, runtime.Name, id, messageId, incoming.PublishedAt, reason, cancellationToken).ConfigureAwait(false);
        }

        _metrics.CountOutcome(runtime.Namespace, runtime.Name, null, Outcomes.DeadLettered);
        _logger.PoisonDeadLettered(context.Key, incoming.StreamSequence, ids.FirstOrDefault().MessageId, reason);
    }

    /// <summary>The notification ids of the message, as far as it can be read; ids that could not be stored are left out.</summary>
    private static List<(string Id, string MessageId)> KnownIds(IncomingMessage incoming)
    {
        DecodeResult decoded;
        try
        {
            decoded = IncomingDecoder.Decode(incoming);
        }
#pragma warning disable CA1031 // The message already failed; whatever the decoder thinks of it, it is dead-lettered without ids.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }

        var ids = decoded.Message is { } message
            ? Enumerable.Range(0, message.To.Count).Select(i => (message.NotificationId(i), message.Id)).ToList()
            : decoded.Id is { } id ? [(id, id)] : [];
        return ids.Where(pair => IsStorable(pair.Item1)).ToList();
    }

    private static bool IsStorable(string id) => NotificationIds.IsValidNotificationId(id);

    /// <summary>Marks the notification dead-lettered unless it already reached a terminal state.</summary>
    private async Task MarkDeadLetteredAsync(
        ChannelStatusStore status, string @namespace, string channel, string id, string messageId, DateTimeOffset publishedAt, string reason, CancellationToken cancellationToken)
    {
        // A record that stays contended is left to its other writer: the message is dead-lettered either way.
        await status.UpdateAsync(id, entry => DeadLettered(entry, @namespace, channel, id, messageId, publishedAt, reason, _time.GetUtcNow()), MaxWriteRounds, cancellationToken)
            .ConfigureAwait(false);
    }

    private static StatusRecord? DeadLettered(StatusEntry? entry, string @namespace, string channel, string id, string messageId, DateTimeOffset publishedAt, string reason, DateTimeOffset now)
    {
        if (entry is { Record.State: var state } && state.IsTerminal())
        {
            return null;
        }

        var record = entry?.Record ?? new StatusRecord
        {
            Id = id,
            MessageId = messageId,
            Namespace = @namespace,
            Channel = channel,
            State = NotificationState.DeadLettered,
            CreatedAt = now,
            PublishedAt = publishedAt,
        };
        return record with { State = NotificationState.DeadLettered, Reason = reason, UpdatedAt = now, NextAttemptAt = null };
    }
}
