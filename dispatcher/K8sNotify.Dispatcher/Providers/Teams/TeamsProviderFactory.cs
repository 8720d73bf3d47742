using K8sNotify.Api.Providers.Teams;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Http;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers.Teams;

/// <summary>Creates Teams providers from <c>spec.teams</c> (the webhook URL comes from a Secret).</summary>
public sealed class TeamsProviderFactory(TimeProvider time) : IProviderFactory
{
    public ProviderType Type => TeamsProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var spec = TeamsProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        var url = ProviderHttp.ParseBaseUrl(ProviderSecrets.Resolve(secrets, spec.WebhookUrlSecretRef, "spec.teams.webhookUrlSecretRef").Trim(), "", "spec.teams.webhookUrlSecretRef");
        return new TeamsProvider(provider.Metadata.Name, url, time);
    }
}
