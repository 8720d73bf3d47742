using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>A gate that allows everything: the limits-off baseline for tests and the bench.</summary>
public sealed class AllowAllRateLimitGate : IRateLimitGate
{
    public ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken)
    {
        using var activity = DispatcherTracing.StartStep("rate limit");
        activity?.SetTag("k8snotify.rate_limit.decision", nameof(RateLimitDecision.Allow));
        return ValueTask.FromResult(RateLimitVerdict.Allowed);
    }

    public ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);
}
