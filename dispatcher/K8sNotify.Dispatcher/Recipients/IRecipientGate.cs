using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>The pipeline's view of the recipient controls: check before sending, decorate the mail, learn from permanent failures.</summary>
public interface IRecipientGate
{
    /// <summary>Whether to send the notification to this recipient now, suppress it, or wait (quiet hours).</summary>
    ValueTask<RecipientVerdict> CheckAsync(ChannelRuntime runtime, CompiledTemplate template, NotificationMessage message, string recipient, CancellationToken cancellationToken);

    /// <summary>Extra headers of the rendered notification (one-click unsubscribe for mail); empty when none.</summary>
    IReadOnlyDictionary<string, string> HeadersFor(ChannelRuntime runtime, CompiledTemplate template, string recipient);

    /// <summary>Records what a permanent failure says about the recipient (a dead address, an opt-out); never throws for storage failures.</summary>
    ValueTask RecordPermanentFailureAsync(ChannelRuntime runtime, string recipient, DeliveryResult result, CancellationToken cancellationToken);
}
