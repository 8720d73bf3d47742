using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Runtime;

namespace K8sNotify.Operator.Controllers;

/// <summary>
/// List+watch definitions for the kinds a Channel owns, restricted by label selector to objects this operator manages,
/// so the caches hold the dispatchers' objects and not every Deployment or ConfigMap of the cluster.
/// </summary>
public static class ChildKinds
{
    /// <summary>Selects the objects the operator created.</summary>
    public const string ManagedSelector = DispatcherNames.ManagedByLabel + "=" + DispatcherNames.FieldManager;

    public static ResourceKind<V1Deployment> Deployments { get; } = new SelectedKind<V1Deployment, V1DeploymentList>(
        "apps", "v1", "deployments", "Deployment",
        (c, ns, w, rv, t, ct) => ns is null
            ? c.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct)
            : c.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(ns, allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct));

    public static ResourceKind<V1ConfigMap> ConfigMaps { get; } = new SelectedKind<V1ConfigMap, V1ConfigMapList>(
        "", "v1", "configmaps", "ConfigMap",
        (c, ns, w, rv, t, ct) => ns is null
            ? c.CoreV1.ListConfigMapForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct)
            : c.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns, allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct));

    public static ResourceKind<V1Service> Services { get; } = new SelectedKind<V1Service, V1ServiceList>(
        "", "v1", "services", "Service",
        (c, ns, w, rv, t, ct) => ns is null
            ? c.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct)
            : c.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(ns, allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct));

    public static ResourceKind<V2HorizontalPodAutoscaler> Autoscalers { get; } = new SelectedKind<V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerList>(
        "autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
        (c, ns, w, rv, t, ct) => ns is null
            ? c.AutoscalingV2.ListHorizontalPodAutoscalerForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct)
            : c.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerWithHttpMessagesAsync(ns, allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct));

    public static ResourceKind<V1PodDisruptionBudget> DisruptionBudgets { get; } = new SelectedKind<V1PodDisruptionBudget, V1PodDisruptionBudgetList>(
        "policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget",
        (c, ns, w, rv, t, ct) => ns is null
            ? c.PolicyV1.ListPodDisruptionBudgetForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct)
            : c.PolicyV1.ListNamespacedPodDisruptionBudgetWithHttpMessagesAsync(ns, allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct));

    public static ResourceKind<V1NetworkPolicy> NetworkPolicies { get; } = new SelectedKind<V1NetworkPolicy, V1NetworkPolicyList>(
        "networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy",
        (c, ns, w, rv, t, ct) => ns is null
            ? c.NetworkingV1.ListNetworkPolicyForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct)
            : c.NetworkingV1.ListNamespacedNetworkPolicyWithHttpMessagesAsync(ns, allowWatchBookmarks: w ? true : null, labelSelector: ManagedSelector, resourceVersion: rv, timeoutSeconds: t, watch: w ? true : null, cancellationToken: ct));

    /// <summary>Lists and watches one kind through a generated list call restricted to <see cref="ManagedSelector"/>.</summary>
    private sealed class SelectedKind<T, TList>(
        string group,
        string version,
        string plural,
        string kind,
        Func<IKubernetes, string?, bool, string?, int?, CancellationToken, Task<HttpOperationResponse<TList>>> call)
        : ResourceKind<T>(group, version, plural, kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        public override async Task<(IList<T> Items, string ResourceVersion)> ListAsync(IKubernetes client, string? @namespace, CancellationToken cancellationToken)
        {
            using var response = await call(client, @namespace, false, null, null, cancellationToken).ConfigureAwait(false);
            return (response.Body.Items ?? [], response.Body.Metadata?.ResourceVersion ?? string.Empty);
        }

        public override IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
            IKubernetes client, string? @namespace, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken)
        {
            // The typed watch helper is marked obsolete in favour of untyped ones; it is what the runtime's kinds use as well.
#pragma warning disable CS0618
            return call(client, @namespace, true, resourceVersion, timeoutSeconds, cancellationToken).WatchAsync<T, TList>(onError, cancellationToken);
#pragma warning restore CS0618
        }
    }
}
