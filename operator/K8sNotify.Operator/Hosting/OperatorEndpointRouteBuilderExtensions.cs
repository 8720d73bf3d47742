using K8sNotify.Operator.Runtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;

namespace K8sNotify.Operator.Hosting;

/// <summary>Maps the operator's HTTP endpoints: /healthz, /readyz and /metrics.</summary>
public static class OperatorEndpointRouteBuilderExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// /healthz answers 200 while the process serves requests; /readyz when every informer cache has synced (standbys
    /// are ready too: leadership is not readiness); /metrics exports the Prometheus metrics.
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(OperatorRuntimeServiceCollectionExtensions.ReadyTag) });
        endpoints.MapMetrics(MetricsPath);
        return endpoints;
    }
}
