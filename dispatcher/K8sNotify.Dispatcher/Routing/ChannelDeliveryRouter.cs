using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>The dispatcher's <see cref="IDeliveryRouter"/>: hands each notification to the router of its Channel's current runtime.</summary>
public sealed class ChannelDeliveryRouter(ChannelRuntimeStore runtimes) : IDeliveryRouter
{
    public Task<RoutingResult> DeliverAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var runtime = runtimes.Get(notification.Namespace, notification.Channel);
        return runtime is null
            ? Task.FromResult(new RoutingResult(DeliveryResult.Transient($"Channel {notification.Namespace}/{notification.Channel} is not configured here"), null, []))
            : runtime.Router.DeliverAsync(notification, cancellationToken);
    }
}
