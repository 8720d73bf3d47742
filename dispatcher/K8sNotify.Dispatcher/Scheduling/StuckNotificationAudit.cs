using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.DeadLetters;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>
/// Finds notifications that are still non-terminal past their due time plus a grace period. One that waits
/// (scheduled, waiting, retrying) has lost its parked message (the park store's retention ran out, or it was purged):
/// nothing will ever release it, so it is dead-lettered with the reason. One that is accepted or sending is counted
/// (it may sit in a backlog, or its dispatcher died and JetStream will redeliver it) and left alone. The count is the
/// <c>k8snotify_notifications_stuck</c> gauge.
/// </summary>
public sealed class StuckNotificationAudit(
    ChannelStatusStore status,
    DeadLetterPublisher deadLetters,
    string @namespace,
    string channel,
    SchedulingMetrics metrics,
    DispatcherMetrics outcomes,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Reads every status record once; returns how many were stuck.</summary>
    public async Task<int> RunAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var stuck = 0;
        await foreach (var record in status.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            if (record.State.IsTerminal() || DueOf(record) + grace > now)
            {
                continue;
            }

            stuck++;
            if (record.State is NotificationState.Scheduled or NotificationState.Waiting or NotificationState.Retrying)
            {
                await DeadLetterAsync(record, now, cancellationToken).ConfigureAwait(false);
            }
        }

        metrics.SetStuck(@namespace, channel, stuck);
        return stuck;
    }

    /// <summary>When the record should have moved on: its next attempt, its sendAt, or its last change.</summary>
    public static DateTimeOffset DueOf(StatusRecord record) => record.NextAttemptAt ?? record.SendAt ?? record.UpdatedAt;

    private async Task DeadLetterAsync(StatusRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = DueOf(record);
        var reason = $"stuck: {record.State.WireName()} since {record.UpdatedAt:O}, due {due:O}, and its waiting message is gone";
        if (await status.GetAsync(record.Id, cancellationToken).ConfigureAwait(false) is not { } entry || entry.Record.UpdatedAt != record.UpdatedAt)
        {
            return;
        }

        // The payload is gone with the parked message; the dead letter carries the reason and the notification id.
        await deadLetters.PublishAsync(deadLetters.Subject, ReadOnlyMemory<byte>.Empty, 0, record.Id, reason, cancellationToken).ConfigureAwait(false);
        var dead = entry.Record with { State = NotificationState.DeadLettered, Reason = reason, UpdatedAt = now, NextAttemptAt = null };
        if (await status.TryWriteAsync(dead, entry.Revision, cancellationToken).ConfigureAwait(false) is not null)
        {
            outcomes.CountOutcome(@namespace, channel, record.Provider, Outcomes.DeadLettered);
            logger.StuckNotificationDeadLettered($"{@namespace}/{channel}", record.Id, record.State.WireName(), due);
        }
    }
}
