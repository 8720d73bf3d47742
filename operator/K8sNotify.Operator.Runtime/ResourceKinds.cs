using System.Reflection;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>The kinds the runtime knows how to list and watch: any <see cref="KubernetesEntityAttribute"/> custom resource plus the core kinds the controllers need.</summary>
public static class ResourceKinds
{
    /// <summary>
    /// The kind for <typeparamref name="T"/>: Secret, ConfigMap and Deployment through their typed APIs, anything else
    /// through the custom-objects API using its <see cref="KubernetesEntityAttribute"/>.
    /// </summary>
    public static ResourceKind<T> For<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (typeof(T) == typeof(V1Secret))
        {
            return (ResourceKind<T>)(object)new SecretKind();
        }

        if (typeof(T) == typeof(V1ConfigMap))
        {
            return (ResourceKind<T>)(object)new ConfigMapKind();
        }

        if (typeof(T) == typeof(V1Deployment))
        {
            return (ResourceKind<T>)(object)new DeploymentKind();
        }

        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute and is not a known core kind.");
        if (string.IsNullOrEmpty(entity.Group))
        {
            throw new InvalidOperationException($"{typeof(T).Name} is a core kind the runtime has no typed list/watch for; add it to {nameof(ResourceKinds)}.");
        }

        return new CustomObjectKind<T>(entity.Group, entity.ApiVersion, entity.PluralName, entity.Kind);
    }

    private sealed class CustomObjectKind<T>(string group, string version, string plural, string kind)
        : TypedKind<T, KubernetesList<T>>(group, version, plural, kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        protected override Task<HttpOperationResponse<KubernetesList<T>>> CallAsync(
            IKubernetes client, string? ns, bool watch, string? resourceVersion, int? timeoutSeconds, CancellationToken cancellationToken) =>
            ns is null
                ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    Group, Version, Plural, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, watch: watch ? true : null, cancellationToken: cancellationToken)
                : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    Group, Version, ns, Plural, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, watch: watch ? true : null, cancellationToken: cancellationToken);
    }

    private sealed class SecretKind() : TypedKind<V1Secret, V1SecretList>(string.Empty, "v1", "secrets", "Secret")
    {
        /// <summary>
        /// The cache keeps Secret metadata and key names only: reconcilers need the resourceVersion for checksums and
        /// check that referenced keys exist, never the values.
        /// </summary>
        public override V1Secret Transform(V1Secret obj)
        {
            obj.Data = obj.Data?.ToDictionary(pair => pair.Key, _ => Array.Empty<byte>());
            obj.StringData = null;
            return obj;
        }

        protected override Task<HttpOperationResponse<V1SecretList>> CallAsync(
            IKubernetes client, string? ns, bool watch, string? resourceVersion, int? timeoutSeconds, CancellationToken cancellationToken) =>
            ns is null
                ? client.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(
                    allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                    watch: watch ? true : null, cancellationToken: cancellationToken)
                : client.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(
                    ns, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                    watch: watch ? true : null, cancellationToken: cancellationToken);
    }

    private sealed class ConfigMapKind() : TypedKind<V1ConfigMap, V1ConfigMapList>(string.Empty, "v1", "configmaps", "ConfigMap")
    {
        protected override Task<HttpOperationResponse<V1ConfigMapList>> CallAsync(
            IKubernetes client, string? ns, bool watch, string? resourceVersion, int? timeoutSeconds, CancellationToken cancellationToken) =>
            ns is null
                ? client.CoreV1.ListConfigMapForAllNamespacesWithHttpMessagesAsync(
                    allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                    watch: watch ? true : null, cancellationToken: cancellationToken)
                : client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
                    ns, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                    watch: watch ? true : null, cancellationToken: cancellationToken);
    }

    private sealed class DeploymentKind() : TypedKind<V1Deployment, V1DeploymentList>("apps", "v1", "deployments", "Deployment")
    {
        protected override Task<HttpOperationResponse<V1DeploymentList>> CallAsync(
            IKubernetes client, string? ns, bool watch, string? resourceVersion, int? timeoutSeconds, CancellationToken cancellationToken) =>
            ns is null
                ? client.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(
                    allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                    watch: watch ? true : null, cancellationToken: cancellationToken)
                : client.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(
                    ns, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                    watch: watch ? true : null, cancellationToken: cancellationToken);
    }

    /// <summary>A kind listed by one generated list call that, with <c>watch=true</c>, streams watch events instead.</summary>
    private abstract class TypedKind<T, TList>(string group, string version, string plural, string kind)
        : ResourceKind<T>(group, version, plural, kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        public override async Task<(IList<T> Items, string ResourceVersion)> ListAsync(IKubernetes client, string? @namespace, CancellationToken cancellationToken)
        {
            using var response = await CallAsync(client, @namespace, watch: false, resourceVersion: null, timeoutSeconds: null, cancellationToken).ConfigureAwait(false);
            var list = response.Body;
            return (list.Items ?? [], list.Metadata?.ResourceVersion ?? string.Empty);
        }

        public override IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
            IKubernetes client, string? @namespace, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken)
        {
            // The replacement WatchList*Async helpers are untyped for custom objects; this one is typed for every kind and
            // is what they call internally.
#pragma warning disable CS0618
            return CallAsync(client, @namespace, watch: true, resourceVersion, timeoutSeconds, cancellationToken)
                .WatchAsync<T, TList>(onError, cancellationToken);
#pragma warning restore CS0618
        }

        protected abstract Task<HttpOperationResponse<TList>> CallAsync(
            IKubernetes client, string? ns, bool watch, string? resourceVersion, int? timeoutSeconds, CancellationToken cancellationToken);
    }
}
