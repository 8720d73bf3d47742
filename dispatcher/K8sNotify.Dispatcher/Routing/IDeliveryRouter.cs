using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>Delivers one rendered notification through a Channel's provider chain (failover, weighted or cheapest).</summary>
public interface IDeliveryRouter
{
    /// <summary>
    /// Tries the chain's providers until one accepts, a permanent error stops the chain, or every provider
    /// failed transiently (or was skipped: open circuit, exhausted quota).
    /// </summary>
    Task<RoutingResult> DeliverAsync(RenderedNotification notification, CancellationToken cancellationToken);
}
