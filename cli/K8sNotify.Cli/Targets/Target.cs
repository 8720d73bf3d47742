using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Cli.Targets;

/// <summary>Opens the resource source the global options name and finds the Channel a command works on.</summary>
internal static class Target
{
    /// <summary>A folder of manifests with <c>--manifests</c>, otherwise the cluster of the kubeconfig.</summary>
    public static IResourceSource Open(CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Manifests is { } manifests)
        {
            if (settings.Kubeconfig is not null || settings.Context is not null)
            {
                throw new CliException("--manifests reads a folder and --kubeconfig/--context a cluster: pass one of them", ExitCodes.BadInput);
            }

            return ManifestResources.Read(manifests, settings.Namespace);
        }

        return ClusterResources.Open(settings.Kubeconfig, settings.Context, settings.Namespace);
    }

    /// <summary>The Channel named by <c>--channel</c>, or the only Channel of the namespace.</summary>
    public static async Task<Channel> ChannelAsync(IResourceSource source, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (name is not null)
        {
            return await source.GetChannelAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException($"no Channel '{name}' in {source.Description}");
        }

        var channels = await source.ListChannelsAsync(cancellationToken).ConfigureAwait(false);
        return channels.Count switch
        {
            1 => channels[0],
            0 => throw new CliException($"no Channel in {source.Description}"),
            _ => throw new CliException(
                $"{source.Description} has {channels.Count} Channels ({string.Join(", ", channels.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal))}): pick one with --channel",
                ExitCodes.BadInput),
        };
    }
}
