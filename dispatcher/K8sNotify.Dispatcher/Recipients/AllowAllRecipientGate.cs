using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>A gate that sends everything and records nothing: recipient controls off (the bench baseline).</summary>
public sealed class AllowAllRecipientGate : IRecipientGate
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public ValueTask<RecipientVerdict> CheckAsync(ChannelRuntime runtime, CompiledTemplate template, NotificationMessage message, string recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RecipientVerdict.Send);

    public IReadOnlyDictionary<string, string> HeadersFor(ChannelRuntime runtime, CompiledTemplate template, string recipient) => NoHeaders;

    public ValueTask RecordPermanentFailureAsync(ChannelRuntime runtime, string recipient, DeliveryResult result, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
