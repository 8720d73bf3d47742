using k8s;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Controllers;

/// <summary>Discovers whether the Prometheus Operator's CRDs are served, re-checking now and then so installing them later is picked up.</summary>
public sealed class ClusterCapabilitiesProbe(IKubernetes client, TimeProvider timeProvider)
{
    /// <summary>How long a discovery result is trusted.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClusterCapabilities? _current;
    private DateTimeOffset _checkedAt;

    public async Task<ClusterCapabilities> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && timeProvider.GetUtcNow() - _checkedAt < RefreshInterval)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again && timeProvider.GetUtcNow() - _checkedAt < RefreshInterval)
            {
                return again;
            }

            var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken).ConfigureAwait(false);
            var monitoring = groups.Groups?.FirstOrDefault(g => g.Name == MonitoringObject.Group);
            var served = monitoring?.Versions?.Any(v => v.Version == MonitoringObject.Version) ?? false;
            var resources = served ? await ResourcesAsync(cancellationToken).ConfigureAwait(false) : [];
            _current = new ClusterCapabilities(
                resources.Contains(MonitoringObject.ServiceMonitorPlural),
                resources.Contains(MonitoringObject.PrometheusRulePlural));
            _checkedAt = timeProvider.GetUtcNow();
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An apply of <paramref name="plural"/> answered 404: treat the kind as absent until the next discovery.</summary>
    public void MarkMissing(string plural)
    {
        if (_current is { } c)
        {
            _current = plural == MonitoringObject.ServiceMonitorPlural ? c with { ServiceMonitors = false } : c with { PrometheusRules = false };
        }
    }

    // The group may be served with only some of its kinds installed; listing one object of a kind tells whether it is served.
    private async Task<HashSet<string>> ResourcesAsync(CancellationToken cancellationToken)
    {
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plural in new[] { MonitoringObject.ServiceMonitorPlural, MonitoringObject.PrometheusRulePlural })
        {
            try
            {
                await client.CustomObjects.ListClusterCustomObjectAsync(MonitoringObject.Group, MonitoringObject.Version, plural, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
                served.Add(plural);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Not served.
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Forbidden)
            {
                // Authorization answers before existence; the group is served, so assume the kind is (an apply 404 corrects it).
                served.Add(plural);
            }
        }

        return served;
    }
}
