using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>
/// Records a receipt whatever provider sent it: finds the notification (by id, else by the provider message id index)
/// among the Channels the caller may reach, moves it from sent to delivered or undelivered, puts a hard-bounced
/// recipient on the suppression list, counts and logs the outcome, and answers as the receipt endpoints do.
/// </summary>
public sealed class ReceiptIntake(StatusStores stores, ReceiptRecorder recorder, ReceiptMetrics metrics, IRecipientGate recipients, ILogger<ReceiptIntake> logger)
{
    /// <param name="receipt">The receipt.</param>
    /// <param name="scope">The Channels the notification may belong to.</param>
    /// <param name="unknownIsNotFound">Answer 404 for a receipt that matches nothing (otherwise 200 "ignored", which stops a provider's retries).</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task<IResult> RecordAsync(IncomingReceipt receipt, IEnumerable<ChannelRuntime> scope, bool unknownIsNotFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        try
        {
            if (await FindAsync(receipt, scope, cancellationToken).ConfigureAwait(false) is not { } found)
            {
                metrics.Count(null, null, receipt.Source, "unknown");
                logger.ReceiptUnmatched(receipt.Source, receipt.ProviderMessageId is null ? null : IncomingReceipt.Clean(receipt.ProviderMessageId));
                return Unknown(receipt.NotificationId ?? $"with provider message id {receipt.ProviderMessageId}", unknownIsNotFound);
            }

            var (store, owner, id) = found;
            var result = await recorder.ApplyAsync(store, id, receipt.State, receipt.Reason, receipt.ProviderMessageId, cancellationToken).ConfigureAwait(false);
            var name = OutcomeName(result.Outcome);
            metrics.Count(owner.Namespace, owner.Name, receipt.Source, name);
            if (receipt.HardBounce && result.Outcome == ReceiptOutcome.Applied && result.Record?.Recipient is { } recipient)
            {
                // The address is dead: the Channel's suppression list keeps later notifications from trying it.
                var bounce = DeliveryResult.Permanent($"hard bounce reported by {receipt.Source} receipt: {receipt.Reason ?? "undelivered"}") with { RecipientFault = RecipientFault.Gone };
                await recipients.RecordPermanentFailureAsync(owner, recipient, bounce, cancellationToken).ConfigureAwait(false);
            }

            logger.ReceiptProcessed(owner.Key, id, receipt.Source, receipt.State.WireName(), name);
            return Answer(id, name, result, unknownIsNotFound);
        }
        catch (NatsException e)
        {
            logger.ReceiptFailed(receipt.Source, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "send the receipt again");
        }
    }

    /// <summary>An answer that changed nothing, for a callback the receipts do not track (200 so the provider does not retry).</summary>
    public static IResult Ignored() => Answer("ignored", null);

    private async Task<(ChannelStatusStore Store, ChannelRuntime Owner, string Id)?> FindAsync(IncomingReceipt receipt, IEnumerable<ChannelRuntime> scope, CancellationToken cancellationToken)
    {
        foreach (var runtime in scope.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (await stores.GetAsync(runtime, cancellationToken).ConfigureAwait(false) is not { } candidate)
            {
                continue;
            }

            var candidateId = receipt.NotificationId
                ?? (receipt.ProviderMessageId is not null && candidate.Index is { } index ? await index.FindAsync(receipt.ProviderMessageId, cancellationToken).ConfigureAwait(false) : null);
            if (candidateId is not null && await candidate.GetAsync(candidateId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return (candidate, runtime, candidateId);
            }
        }

        return null;
    }

    private static string OutcomeName(ReceiptOutcome outcome) => outcome switch
    {
        ReceiptOutcome.Applied => "applied",
        ReceiptOutcome.Duplicate => "duplicate",
        ReceiptOutcome.Mismatch => "mismatch",
        ReceiptOutcome.NotSent => "not_sent",
        _ => "unknown",
    };

    private static IResult Answer(string id, string name, ReceiptResult result, bool unknownIsNotFound) => result.Outcome switch
    {
        ReceiptOutcome.Applied or ReceiptOutcome.Duplicate => Answer(name, result.Record),
        ReceiptOutcome.Mismatch => Problems.Status(
            StatusCodes.Status409Conflict, "Another provider message", $"notification {id} was sent as another provider message than the receipt names"),
        ReceiptOutcome.NotSent => Problems.Status(
            StatusCodes.Status409Conflict, "The notification is not in state sent", $"notification {id} is {result.Record?.State.WireName() ?? "gone"}; only sent notifications take a receipt"),
        _ => Unknown(id, unknownIsNotFound),
    };

    private static IResult Unknown(string what, bool unknownIsNotFound) => unknownIsNotFound
        ? Problems.Status(StatusCodes.Status404NotFound, "Unknown notification", $"no notification {what} in the namespaces of this token")
        : Ignored();

    private static IResult Answer(string result, StatusRecord? record) =>
        Results.Json(new ReceiptAnswer(result, record?.Id, record?.State.WireName()), StatusJson.Options);
}
