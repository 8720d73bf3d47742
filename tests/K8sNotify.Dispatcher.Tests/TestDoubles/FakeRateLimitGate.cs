using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>A rate-limit gate whose provider quotas are exhausted for the named providers; counts quota checks.</summary>
public sealed class FakeRateLimitGate(params string[] exhausted) : IRateLimitGate
{
    private int _providerChecks;

    public int ProviderChecks => Volatile.Read(ref _providerChecks);

    public ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RateLimitVerdict.Allowed);

    public ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _providerChecks);
        return ValueTask.FromResult(!exhausted.Contains(provider.Metadata.Name));
    }
}
