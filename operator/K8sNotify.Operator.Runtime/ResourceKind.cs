using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>How to list and watch one kind through <see cref="IKubernetes"/>: the typed core API calls or the custom-objects API.</summary>
/// <typeparam name="T">The listed kind.</typeparam>
public abstract class ResourceKind<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    protected ResourceKind(string group, string version, string plural, string kind)
    {
        Group = group;
        Version = version;
        Plural = plural;
        Kind = kind;
    }

    /// <summary>The API group, empty for the core group.</summary>
    public string Group { get; }

    public string Version { get; }

    public string Plural { get; }

    public string Kind { get; }

    /// <summary><c>group/version</c>, or <c>version</c> for the core group (the form of <c>apiVersion</c>).</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Applied to every object before it is cached, for example to drop Secret data the cache must not hold.</summary>
    public virtual T Transform(T obj) => obj;

    /// <summary>Lists the kind in <paramref name="namespace"/> (all namespaces when null) and returns the items with the list's resourceVersion.</summary>
    public abstract Task<(IList<T> Items, string ResourceVersion)> ListAsync(IKubernetes client, string? @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks. Server-sent ERROR events (such as 410 Gone) are
    /// passed to <paramref name="onError"/> as <see cref="KubernetesException"/>; the sequence ends when the server closes the watch.
    /// </summary>
    public abstract IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        IKubernetes client, string? @namespace, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}
