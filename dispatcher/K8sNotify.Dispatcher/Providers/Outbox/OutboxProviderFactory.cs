using K8sNotify.Api.Providers.Outbox;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers.Outbox;

/// <summary>Builds <see cref="OutboxProvider"/>s from Providers of type outbox.</summary>
public sealed class OutboxProviderFactory(TimeProvider time) : IProviderFactory
{
    public ProviderType Type => OutboxProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var spec = OutboxProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        if (string.IsNullOrWhiteSpace(spec.Directory))
        {
            throw new ProviderConfigurationException("spec.outbox.directory is required");
        }

        return new OutboxProvider(provider.Metadata.Name, Path.GetFullPath(spec.Directory), time);
    }
}
