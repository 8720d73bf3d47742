using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Cli.Targets;

/// <summary>Where Channels and Templates are read from: a cluster through its API server, or a folder of manifests.</summary>
internal interface IResourceSource : IDisposable
{
    /// <summary>The namespace looked in.</summary>
    string Namespace { get; }

    /// <summary>Where the resources come from, for messages ("manifests in DIR", "namespace shop of https://…").</summary>
    string Description { get; }

    Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken);

    /// <summary>The Channel, or null when there is none of that name.</summary>
    Task<Channel?> GetChannelAsync(string name, CancellationToken cancellationToken);

    /// <summary>The Template, or null when there is none of that name.</summary>
    Task<Template?> GetTemplateAsync(string name, CancellationToken cancellationToken);
}
