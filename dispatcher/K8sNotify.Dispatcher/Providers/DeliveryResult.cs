namespace K8sNotify.Dispatcher.Providers;

/// <summary>The outcome of one send attempt, with the provider's message id or the reason it failed (never a secret).</summary>
public sealed record DeliveryResult(DeliveryStatus Status, string? Reason = null, string? ProviderMessageId = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Accepted(string? providerMessageId = null) => new(DeliveryStatus.Accepted, null, providerMessageId);

    public static DeliveryResult Transient(string reason, TimeSpan? retryAfter = null) => new(DeliveryStatus.Transient, reason, null, retryAfter);

    public static DeliveryResult Permanent(string reason) => new(DeliveryStatus.Permanent, reason);

    public static DeliveryResult Misconfigured(string reason) => new(DeliveryStatus.Misconfigured, reason);

    /// <summary>What a permanent failure says about the recipient (a dead address, an opt-out); see <see cref="RecipientFault"/>.</summary>
    public RecipientFault RecipientFault { get; init; }

    public bool IsAccepted => Status == DeliveryStatus.Accepted;
}
