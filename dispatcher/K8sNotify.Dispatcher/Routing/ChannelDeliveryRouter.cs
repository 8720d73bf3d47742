using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>
/// The dispatcher's <see cref="IDeliveryRouter"/>: hands each notification to the router of its Channel's current
/// runtime, registered as in flight so a reload cannot dispose the providers it is using.
/// </summary>
public sealed class ChannelDeliveryRouter(ChannelRuntimeStore runtimes) : IDeliveryRouter
{
    // A runtime read just before a reload swapped it may already be released; the store then holds its successor.
    private const int MaxLookups = 3;

    public async Task<RoutingResult> DeliverAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        for (var lookup = 0; lookup < MaxLookups; lookup++)
        {
            var runtime = runtimes.Get(notification.Namespace, notification.Channel);
            if (runtime is null)
            {
                return new RoutingResult(DeliveryResult.Transient($"Channel {notification.Namespace}/{notification.Channel} is not configured here"), null, []);
            }

            var router = runtime.Router;
            if (!router.TryEnter())
            {
                continue;
            }

            try
            {
                return await router.DeliverAsync(notification, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                router.Exit();
            }
        }

        return new RoutingResult(DeliveryResult.Transient($"Channel {notification.Namespace}/{notification.Channel} is being reconfigured"), null, []);
    }
}
