using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNotify.Dispatcher.Tests.Support;

/// <summary>Router factories over given provider factories, for tests that build Channel runtimes without a host.</summary>
internal static class Routers
{
    public static DeliveryRouterFactory For(params IProviderFactory[] factories) =>
        new(new ProviderRegistry(factories), new ProviderMetrics(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System, NullLoggerFactory.Instance);
}
