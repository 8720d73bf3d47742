using System.Diagnostics;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>
/// Tries the Channel's providers in order: the first to accept wins, a permanent error stops the chain, a transient
/// error (or an exhausted provider quota) moves on. Issue 4 replaces this with Polly resilience and weighted/cheapest routing.
/// </summary>
public sealed class FailoverDeliveryRouter(ChannelRuntimeStore runtimes, IRateLimitGate gate, DispatcherMetrics metrics) : IDeliveryRouter
{
    public async Task<RoutingResult> DeliverAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var runtime = runtimes.Get(notification.Namespace, notification.Channel);
        if (runtime is null)
        {
            return new RoutingResult(DeliveryResult.Transient($"Channel {notification.Namespace}/{notification.Channel} is not configured here"), null, []);
        }

        var attempts = new List<ProviderAttempt>(runtime.Providers.Count);
        DeliveryResult? last = null;
        string? lastProvider = null;
        foreach (var provider in runtime.Providers)
        {
            if (!await gate.TryAcquireProviderAsync(runtime.Channel, provider.Resource, cancellationToken).ConfigureAwait(false))
            {
                attempts.Add(new ProviderAttempt(provider.Name, DeliveryResult.Transient("provider quota exhausted"), Skipped: true));
                continue;
            }

            var result = await SendWithTimeoutAsync(provider, notification, cancellationToken).ConfigureAwait(false);
            attempts.Add(new ProviderAttempt(provider.Name, result));
            last = result;
            lastProvider = provider.Name;
            if (result.Status != DeliveryStatus.Transient)
            {
                return new RoutingResult(result, provider.Name, attempts);
            }
        }

        return new RoutingResult(last ?? DeliveryResult.Transient("every provider was skipped"), lastProvider, attempts);
    }

    private async Task<DeliveryResult> SendWithTimeoutAsync(ChainedProvider provider, RenderedNotification notification, CancellationToken cancellationToken)
    {
        var timeout = Durations.ParseOrDefault(provider.Resource.Spec.Timeout, TimeSpan.FromSeconds(10));
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        DeliveryResult result;
        try
        {
            result = await provider.Instance.SendAsync(notification, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Transient($"timed out after {Durations.Format(timeout)}");
        }
#pragma warning disable CA1031 // A provider that throws despite its contract must not take the worker down.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = DeliveryResult.Transient($"provider threw {e.GetType().Name}");
        }

        metrics.ObserveProviderRequest(provider.Name, result.Status, Stopwatch.GetElapsedTime(started));
        return result;
    }
}
