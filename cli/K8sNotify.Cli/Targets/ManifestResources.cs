using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Cli.Targets;

/// <summary>Channels and Templates of a manifest folder, read as a standalone dispatcher's <c>--manifests</c> reads them.</summary>
internal sealed class ManifestResources(ManifestSet set, string directory, string @namespace) : IResourceSource
{
    public string Namespace => @namespace;

    public string Description => $"namespace {@namespace} of the manifests in {directory}";

    public static ManifestResources Read(string directory, string? @namespace)
    {
        var ns = @namespace ?? "default";
        return new ManifestResources(ManifestReader.ReadDirectory(directory, ns), directory, ns);
    }

    public Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Channel>>([.. set.Channels.Where(InNamespace)]);

    public Task<Channel?> GetChannelAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(set.Channels.FirstOrDefault(c => InNamespace(c) && c.Metadata.Name == name));

    public Task<Template?> GetTemplateAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(set.Templates.FirstOrDefault(t => InNamespace(t) && t.Metadata.Name == name));

    public void Dispose()
    {
        // Nothing is held open: the folder was read once.
    }

    private bool InNamespace(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> resource) =>
        (resource.Metadata.NamespaceProperty ?? "default") == @namespace;
}
