using K8sNotify.Api.Providers;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers;

/// <summary>Builds providers through the <see cref="IProviderFactory"/> registered for each <see cref="ProviderType"/>.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<ProviderType, IProviderFactory> _factories = [];

    /// <summary>The last factory registered for a type wins, so a deployment (or a test) can replace one.</summary>
    public ProviderRegistry(IEnumerable<IProviderFactory> factories)
    {
        foreach (var factory in factories)
        {
            _factories[factory.Type] = factory;
        }
    }

    public IReadOnlyCollection<ProviderType> SupportedTypes => _factories.Keys;

    /// <summary>Builds a provider or throws <see cref="ProviderConfigurationException"/> for an unsupported type or unusable spec.</summary>
    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        if (!_factories.TryGetValue(provider.Spec.Type, out var factory))
        {
            var type = provider.Spec.Type.Name;
            var supported = string.Join(", ", _factories.Keys.Select(t => t.Name).Order(StringComparer.Ordinal));
            throw new ProviderConfigurationException($"spec.type {type} is not supported by this dispatcher (supported: {supported})");
        }

        try
        {
            return factory.Create(provider, secrets);
        }
        catch (ProviderSettingsException e)
        {
            throw new ProviderConfigurationException(e.Message, e);
        }
    }
}
