using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Secrets;
using K8sNotify.TestSupport.Providers.Pager;

namespace K8sNotify.Dispatcher.Tests.Providers.Pager;

/// <summary>Builds <see cref="PagerProvider"/>s from Providers of the test-only type pager.</summary>
internal sealed class PagerProviderFactory : IProviderFactory
{
    public ProviderType Type => PagerProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var spec = PagerProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        var key = ProviderSecrets.Resolve(secrets, spec.ApiKeySecretRef, "spec.pager.apiKeySecretRef");
        return new PagerProvider(provider.Metadata.Name, spec.Gateway, key, spec.Priority);
    }
}
