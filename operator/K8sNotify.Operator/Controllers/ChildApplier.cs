using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Controllers;

/// <summary>Server-side applies a Channel's children with the operator's field manager, taking ownership of the fields it sets.</summary>
public sealed class ChildApplier(IKubernetes client, ClusterCapabilitiesProbe capabilities)
{
    /// <summary>Applies every child in order and returns the Deployment as the API server stored it (with its status).</summary>
    public async Task<V1Deployment> ApplyAsync(ChildSet children, CancellationToken cancellationToken)
    {
        var ns = children.Deployment.Metadata.NamespaceProperty;
        await client.CoreV1.PatchNamespacedConfigMapAsync(Apply(children.ConfigMap), children.ConfigMap.Metadata.Name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        var deployment = await client.AppsV1.PatchNamespacedDeploymentAsync(Apply(children.Deployment), children.Deployment.Metadata.Name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.CoreV1.PatchNamespacedServiceAsync(Apply(children.Service), children.Service.Metadata.Name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(Apply(children.Autoscaler), children.Autoscaler.Metadata.Name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(Apply(children.DisruptionBudget), children.DisruptionBudget.Metadata.Name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (children.ServiceMonitor is { } monitor)
        {
            await ApplyMonitoringAsync(monitor, MonitoringObject.ServiceMonitorPlural, cancellationToken).ConfigureAwait(false);
        }

        if (children.PrometheusRule is { } rule)
        {
            await ApplyMonitoringAsync(rule, MonitoringObject.PrometheusRulePlural, cancellationToken).ConfigureAwait(false);
        }

        return deployment;
    }

    /// <summary>Deletes a monitoring child the Channel no longer needs (its SLO was removed); absent is fine.</summary>
    public async Task DeleteMonitoringAsync(string plural, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(MonitoringObject.Group, MonitoringObject.Version, ns, plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone, or the CRD is not installed.
        }
    }

    private async Task ApplyMonitoringAsync(MonitoringObject child, string plural, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                Apply(child), MonitoringObject.Group, MonitoringObject.Version, child.Metadata.NamespaceProperty, plural, child.Metadata.Name,
                fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // The CRD went away since discovery: stop building this kind until discovery sees it again.
            capabilities.MarkMissing(plural);
        }
    }

    private static V1Patch Apply(object child) => new(child, V1Patch.PatchType.ApplyPatch);
}
