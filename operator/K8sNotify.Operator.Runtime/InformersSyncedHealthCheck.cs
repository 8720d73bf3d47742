using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K8sNotify.Operator.Runtime;

/// <summary>Readiness: healthy once every informer's first list has been cached.</summary>
internal sealed class InformersSyncedHealthCheck(IEnumerable<IRunnableInformer> informers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = informers.Where(i => !i.HasSynced).Select(i => i.Kind).ToList();
        return Task.FromResult(pending.Count == 0
            ? HealthCheckResult.Healthy("all caches synced")
            : HealthCheckResult.Unhealthy("caches not synced: " + string.Join(", ", pending)));
    }
}
