using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>A gate that allows everything: used until the Redis GCRA gate (issue 5) is registered.</summary>
public sealed class AllowAllRateLimitGate : IRateLimitGate
{
    public ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RateLimitVerdict.Allowed);

    public ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);
}
