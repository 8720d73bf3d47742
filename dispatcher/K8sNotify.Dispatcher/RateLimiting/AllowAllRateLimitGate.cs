using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>A gate that allows everything: the limits-off baseline for tests and the bench.</summary>
public sealed class AllowAllRateLimitGate : IRateLimitGate
{
    public ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RateLimitVerdict.Allowed);

    public ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);
}
