using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.Schema;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>
/// Standalone mode: Channel, Template, Provider and Secret manifests read from a folder exactly as they would be
/// applied, each checked against the same CRD schemas (and CEL rules) the API server would enforce.
/// </summary>
public sealed class ManifestFolderSource(string directory, IReadOnlyList<string> selectedChannels, string defaultNamespace, Func<string, string?> environment)
    : IChannelConfigSource
{
    public string Description => $"manifests {directory}";

    public string Fingerprint() =>
        Directory.Exists(directory)
            ? Fingerprints.OfFiles(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            : "missing";

    public IReadOnlyList<ChannelConfig> Load()
    {
        ManifestSet set;
        try
        {
            set = ManifestReader.ReadDirectory(directory, defaultNamespace, CrdSchemaValidator.Embedded);
        }
        catch (ManifestException e)
        {
            throw new ConfigurationException(e.Message, e);
        }

        var channels = Select(set.Channels);
        var result = new List<ChannelConfig>(channels.Count);
        foreach (var channel in channels)
        {
            var ns = channel.Metadata.NamespaceProperty ?? defaultNamespace;
            var bundle = new DispatcherBundle { Channel = channel };
            foreach (var name in channel.Spec.Templates.Distinct(StringComparer.Ordinal))
            {
                var template = set.Templates.FirstOrDefault(t => t.Metadata.Name == name && t.Metadata.NamespaceProperty == ns);
                if (template is not null)
                {
                    bundle.Templates.Add(template);
                }
            }

            foreach (var reference in channel.Spec.Providers)
            {
                var provider = set.Providers.FirstOrDefault(p => p.Metadata.Name == reference.Name && p.Metadata.NamespaceProperty == ns)
                    ?? throw new ConfigurationException($"Channel {ns}/{channel.Metadata.Name} uses Provider '{reference.Name}', which is not in {directory}");
                bundle.Providers.Add(provider);
            }

            result.Add(new ChannelConfig(bundle, SecretResolver.ForManifests(environment, set.Secrets, ns)));
        }

        return result;
    }

    private List<Channel> Select(List<Channel> all)
    {
        if (all.Count == 0)
        {
            throw new ConfigurationException($"no Channel manifests in {directory}");
        }

        if (selectedChannels.Count == 0)
        {
            return all;
        }

        var selected = new List<Channel>();
        foreach (var wanted in selectedChannels)
        {
            var match = all.FirstOrDefault(c => wanted == c.Metadata.Name || wanted == ChannelKey.Of(c.Metadata.NamespaceProperty ?? defaultNamespace, c.Metadata.Name))
                ?? throw new ConfigurationException(
                    $"--channel {wanted}: no such Channel in {directory} (found: {string.Join(", ", all.Select(c => c.Metadata.Name))})");
            if (!selected.Contains(match))
            {
                selected.Add(match);
            }
        }

        return selected;
    }
}
