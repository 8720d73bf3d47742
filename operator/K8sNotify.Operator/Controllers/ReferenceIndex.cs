using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Runtime;

namespace K8sNotify.Operator.Controllers;

/// <summary>
/// The secondary indexes that map a changed Template, Provider or Secret to exactly the Channels (and Providers) that
/// use it, so a change requeues those and nothing else. Index values are <c>namespace/name</c>.
/// </summary>
public static class ReferenceIndex
{
    /// <summary>On Channels: the Templates each one names.</summary>
    public const string ChannelTemplates = "templates";

    /// <summary>On Channels: the Providers of each one's chain.</summary>
    public const string ChannelProviders = "providers";

    /// <summary>On Channels: the Secrets each one references itself (status webhook key, API tokens).</summary>
    public const string ChannelSecrets = "secrets";

    /// <summary>On Providers: the Secrets each one's credentials come from.</summary>
    public const string ProviderSecrets = "secrets";

    public static string Key(string? ns, string name) => $"{ns}/{name}";

    public static string Key(V1ObjectMeta metadata) => Key(metadata.NamespaceProperty, metadata.Name);

    public static IEnumerable<string> TemplatesOf(Channel channel) =>
        channel.Spec.Templates.Select(t => Key(channel.Metadata.NamespaceProperty, t)).Distinct(StringComparer.Ordinal);

    public static IEnumerable<string> ProvidersOf(Channel channel) =>
        channel.Spec.Providers.Select(p => Key(channel.Metadata.NamespaceProperty, p.Name)).Distinct(StringComparer.Ordinal);

    public static IEnumerable<string> SecretsOf(Channel channel)
    {
        var names = SecretReferences.Of(channel).Select(r => r.Name).ToList();
        if (channel.Spec.Api?.TokensSecretRef is { } tokens)
        {
            names.Add(tokens.Name);
        }

        return names.Distinct(StringComparer.Ordinal).Select(n => Key(channel.Metadata.NamespaceProperty, n));
    }

    public static IEnumerable<string> SecretsOf(Provider provider) =>
        SecretReferences.Of(provider).Select(r => Key(provider.Metadata.NamespaceProperty, r.Name)).Distinct(StringComparer.Ordinal);

    /// <summary>The Channels a changed Secret affects: through their Providers, directly, or as an operator-wide Secret of their namespace.</summary>
    public static IEnumerable<ObjectKey> ChannelsUsingSecret(V1Secret secret, IObjectCache<Channel> channels, IObjectCache<Provider> providers, IReadOnlyCollection<string> operatorSecrets)
    {
        var key = Key(secret.Metadata);
        var affected = channels.ByIndex(ChannelSecrets, key)
            .Concat(providers.ByIndex(ProviderSecrets, key).SelectMany(p => channels.ByIndex(ChannelProviders, Key(p.Metadata))));
        if (operatorSecrets.Contains(secret.Metadata.Name))
        {
            affected = affected.Concat(channels.List(secret.Metadata.NamespaceProperty));
        }

        return affected.Select(ObjectKey.Of).Distinct();
    }
}
