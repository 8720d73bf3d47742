using k8s.Models;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests;

/// <summary>The test manifest folders, read and resolved the way the operator would.</summary>
internal static class TestManifests
{
    public static string Directory(string name) => RepositoryRoot.Combine("tests", "K8sNotify.Operator.Tests", "Builders", "manifests", name);

    public static ManifestSet Read(string name) => ManifestReader.ReadDirectory(Directory(name));

    /// <summary>Resolves the single (or named) Channel of a folder, with Secret versions as a cluster would give them.</summary>
    public static ResolvedChannel Resolve(ManifestSet set, string? channel = null, IReadOnlyDictionary<string, string>? secretVersions = null)
    {
        var c = channel is null ? Assert.Single(set.Channels) : set.Channels.Single(x => x.Metadata.Name == channel);
        var resolution = ChannelResolver.Resolve(
            c,
            n => set.Templates.SingleOrDefault(t => t.Metadata.Name == n),
            n => set.Providers.SingleOrDefault(p => p.Metadata.Name == n),
            n => set.Secrets.SingleOrDefault(s => s.Metadata.Name == n),
            [],
            secretsRequired: false);
        Assert.Empty(resolution.Problems);
        var resolved = resolution.Resolved!;
        return secretVersions is null ? resolved : resolved with { SecretVersions = secretVersions };
    }

    public static Channel WithUid(Channel channel, string uid = "0b3c9a52-5d0e-4a5e-9e53-6f1f7f0c1a11")
    {
        channel.Metadata.Uid = uid;
        return channel;
    }

    public static V1Secret Secret(string name, params string[] keys) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", ResourceVersion = "1" },
        Data = keys.ToDictionary(k => k, _ => "x"u8.ToArray()),
    };
}
