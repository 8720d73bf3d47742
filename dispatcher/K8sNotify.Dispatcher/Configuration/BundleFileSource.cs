using System.Text.Json;
using k8s;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>Cluster mode: the DispatcherBundle JSON the operator writes into a ConfigMap; secrets from the environment or mounted files.</summary>
public sealed class BundleFileSource(string path, ISecretResolver secrets) : IChannelConfigSource
{
    public string Description => $"bundle {path}";

    public string Fingerprint() => Fingerprints.OfFiles([path]);

    public IReadOnlyList<ChannelConfig> Load()
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read bundle {path}: {e.Message}", e);
        }

        DispatcherBundle? bundle;
        try
        {
            bundle = KubernetesJson.Deserialize<DispatcherBundle>(json);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"bundle {path} is not valid JSON{(e.Path is { Length: > 0 } p ? " at " + p : "")}: {e.Message}", e);
        }

        if (bundle is null || bundle.Kind != DispatcherBundle.BundleKind)
        {
            throw new ConfigurationException($"bundle {path} is not a {DispatcherBundle.BundleKind}");
        }

        if (string.IsNullOrEmpty(bundle.Channel.Metadata?.Name))
        {
            throw new ConfigurationException($"bundle {path}: channel.metadata.name is required");
        }

        bundle.Channel.Metadata.NamespaceProperty ??= DispatcherOptions.DefaultNamespace;
        return [new ChannelConfig(bundle, secrets)];
    }
}
