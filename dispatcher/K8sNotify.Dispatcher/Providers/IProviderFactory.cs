using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers;

/// <summary>Creates providers of one <see cref="ProviderType"/> from their Provider resources (Flux's notifier factory shape).</summary>
public interface IProviderFactory
{
    /// <summary>The provider type this factory builds.</summary>
    ProviderType Type { get; }

    /// <summary>Builds a provider; throws <see cref="ProviderConfigurationException"/> naming the field when the spec or its secrets are unusable.</summary>
    INotificationProvider Create(Provider provider, ISecretResolver secrets);
}
