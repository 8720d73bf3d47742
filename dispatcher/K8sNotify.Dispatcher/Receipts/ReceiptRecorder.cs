using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>
/// Moves a notification from sent to delivered or undelivered with a compare-and-set on the revision it read, so a
/// receipt never overwrites a concurrent change; repeats and receipts for other states change nothing.
/// </summary>
public sealed class ReceiptRecorder(TimeProvider time)
{
    private const int MaxWriteRounds = 4;

    /// <param name="store">The status store of the Channel holding the notification.</param>
    /// <param name="notificationId">The notification.</param>
    /// <param name="state"><see cref="NotificationState.Delivered"/> or <see cref="NotificationState.Undelivered"/>.</param>
    /// <param name="reason">Why it was not delivered (provider error code); null for delivered.</param>
    /// <param name="providerMessageId">The provider's message id the receipt is about, checked against the record when both are known.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task<ReceiptResult> ApplyAsync(
        ChannelStatusStore store, string notificationId, NotificationState state, string? reason, string? providerMessageId, CancellationToken cancellationToken)
    {
        if (state is not (NotificationState.Delivered or NotificationState.Undelivered))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "a receipt is delivered or undelivered");
        }

        for (var round = 0; round < MaxWriteRounds; round++)
        {
            if (await store.GetAsync(notificationId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return new ReceiptResult(ReceiptOutcome.Unknown, null);
            }

            var record = entry.Record;
            if (providerMessageId is not null && record.ProviderMessageId is not null
                && !string.Equals(providerMessageId, record.ProviderMessageId, StringComparison.Ordinal))
            {
                return new ReceiptResult(ReceiptOutcome.Mismatch, record);
            }

            if (record.State is NotificationState.Delivered or NotificationState.Undelivered)
            {
                return new ReceiptResult(ReceiptOutcome.Duplicate, record);
            }

            if (record.State != NotificationState.Sent)
            {
                return new ReceiptResult(ReceiptOutcome.NotSent, record);
            }

            var now = time.GetUtcNow();
            var updated = record with
            {
                State = state,
                Reason = state == NotificationState.Undelivered ? reason ?? "the provider reported the message undelivered" : null,
                UpdatedAt = now,
            };
            if (await store.TryWriteAsync(updated, entry.Revision, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return new ReceiptResult(ReceiptOutcome.Applied, written.Record);
            }
        }

        // Someone keeps writing the record: the next read decides; report what the caller can retry.
        return new ReceiptResult(ReceiptOutcome.NotSent, (await store.GetAsync(notificationId, cancellationToken).ConfigureAwait(false))?.Record);
    }
}
