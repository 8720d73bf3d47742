using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using System.Text.Json.Nodes;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Runtime;

namespace K8sNotify.Operator.Controllers;

/// <summary>
/// Server-side applies a Channel's children with the operator's field manager, taking ownership of the fields it sets;
/// a child whose cached object already holds what was applied last time is not sent again (<see cref="AppliedChildren"/>).
/// </summary>
public sealed class ChildApplier(
    IKubernetes client,
    ClusterCapabilitiesProbe capabilities,
    AppliedChildren applied,
    IObjectCache<V1ConfigMap> configMaps,
    IObjectCache<V1Deployment> deployments,
    IObjectCache<V1Service> services,
    IObjectCache<V2HorizontalPodAutoscaler> autoscalers,
    IObjectCache<V1PodDisruptionBudget> disruptionBudgets,
    IObjectCache<V1NetworkPolicy> networkPolicies)
{
    /// <summary>Applies every child in order and returns the Deployment as the API server stored it (with its status).</summary>
    public async Task<V1Deployment> ApplyAsync(ChildSet children, CancellationToken cancellationToken)
    {
        var ns = children.Deployment.Metadata.NamespaceProperty;
        await ApplyIfChangedAsync(children.ConfigMap, configMaps, (body, name, ct) => client.CoreV1.PatchNamespacedConfigMapAsync(body, name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var deployment = await ApplyIfChangedAsync(children.Deployment, deployments, (body, name, ct) => client.AppsV1.PatchNamespacedDeploymentAsync(body, name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        await ApplyIfChangedAsync(children.Service, services, (body, name, ct) => client.CoreV1.PatchNamespacedServiceAsync(body, name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        await ApplyIfChangedAsync(children.Autoscaler, autoscalers, (body, name, ct) => client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(body, name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        await ApplyIfChangedAsync(children.DisruptionBudget, disruptionBudgets, (body, name, ct) => client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(body, name, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        await ApplyOrPruneNetworkPolicyAsync(children, cancellationToken).ConfigureAwait(false);
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

    // Disabled: a NetworkPolicy this operator created for the Channel (in the label-selected cache) is deleted.
    private async Task ApplyOrPruneNetworkPolicyAsync(ChildSet children, CancellationToken cancellationToken)
    {
        var ns = children.Deployment.Metadata.NamespaceProperty;
        var name = children.Deployment.Metadata.Name;
        if (children.NetworkPolicy is { } policy)
        {
            await ApplyIfChangedAsync(policy, networkPolicies, (body, n, ct) => client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(body, n, ns, fieldManager: DispatcherNames.FieldManager, force: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (networkPolicies.Get(new ObjectKey(ns, name)) is null)
        {
            return;
        }

        applied.Forget($"{V1NetworkPolicy.KubeKind}/{ns}/{name}");
        try
        {
            await client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
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

    // Skips the request when the cache shows the child as last applied; otherwise applies and remembers what was sent.
    private async Task<T> ApplyIfChangedAsync<T>(T desired, IObjectCache<T> cache, Func<V1Patch, string, CancellationToken, Task<T>> apply, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var json = KubernetesJson.Serialize(desired);
        var hash = AppliedChildren.Hash(json);
        var key = $"{desired.Kind}/{desired.Metadata.NamespaceProperty}/{desired.Metadata.Name}";
        var cached = cache.Get(new ObjectKey(desired.Metadata.NamespaceProperty, desired.Metadata.Name));
        if (cached is not null && applied.IsCurrent(key, hash, JsonNode.Parse(json)!, JsonNode.Parse(KubernetesJson.Serialize(cached))))
        {
            return cached;
        }

        applied.Forget(key);
        var stored = await apply(Apply(desired), desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
        applied.Record(key, hash);
        return stored;
    }

    private static V1Patch Apply(object child) => new(child, V1Patch.PatchType.ApplyPatch);
}
