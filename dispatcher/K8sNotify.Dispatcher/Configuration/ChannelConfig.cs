using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>The resolved configuration of one Channel (its bundle) with the secrets its Providers reference.</summary>
public sealed record ChannelConfig(DispatcherBundle Bundle, ISecretResolver Secrets)
{
    public string Namespace => Bundle.Channel.Metadata.NamespaceProperty ?? DispatcherOptions.DefaultNamespace;

    public string Name => Bundle.Channel.Metadata.Name;

    /// <summary>"namespace/name", the key pipelines and runtimes are stored under.</summary>
    public string Key => ChannelKey.Of(Namespace, Name);
}
