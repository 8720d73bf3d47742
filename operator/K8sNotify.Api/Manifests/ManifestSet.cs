using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Manifests;

/// <summary>The K8sNotify resources and Secrets read from a folder of manifests, as they would be applied to a cluster.</summary>
public sealed class ManifestSet
{
    public List<Channel> Channels { get; } = [];

    public List<Template> Templates { get; } = [];

    public List<Provider> Providers { get; } = [];

    public List<V1Secret> Secrets { get; } = [];

    /// <summary>Objects of other kinds, kept so tools can report them rather than silently drop them.</summary>
    public List<string> Ignored { get; } = [];
}
