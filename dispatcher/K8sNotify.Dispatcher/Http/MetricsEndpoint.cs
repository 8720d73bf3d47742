using K8sNotify.Api.Contract;
using K8sNotify.Dispatcher.Observability;

namespace K8sNotify.Dispatcher.Http;

/// <summary>/metrics in the Prometheus text format, from the dispatcher's own registry.</summary>
public sealed class MetricsEndpoint(DispatcherMetrics metrics) : IEndpointModule
{
    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(DispatcherContainer.MetricsPath, async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
}
