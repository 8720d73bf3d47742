using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Decides whether a message (per recipient, per channel) and a provider send (provider quota) may go now.</summary>
public interface IRateLimitGate
{
    /// <summary>Checks every message-level scope of the Channel (per recipient and per channel) in one decision.</summary>
    ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken);

    /// <summary>Takes one unit of a provider's quota (Provider.spec.rateLimit); false means saturated, so the chain fails over.</summary>
    ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken);
}
