using K8sNotify.Api.Providers.Slack;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Http;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers.Slack;

/// <summary>Creates Slack providers from <c>spec.slack</c>: an incoming webhook URL, or a bot token and a channel.</summary>
public sealed class SlackProviderFactory(TimeProvider time) : IProviderFactory
{
    /// <summary>Where the Web API lives unless spec.slack.baseUrl says otherwise.</summary>
    public const string DefaultApiBase = "https://slack.com/api";

    public ProviderType Type => SlackProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var spec = SlackProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        if (SlackProviderKind.Instance.Validate(provider.Spec) is [var problem, ..])
        {
            throw new ProviderConfigurationException(problem);
        }

        if (spec.WebhookUrlSecretRef is { } urlRef)
        {
            // The URL is the credential: the error names the field, never the value.
            var url = ProviderHttp.ParseBaseUrl(ProviderSecrets.Resolve(secrets, urlRef, "spec.slack.webhookUrlSecretRef").Trim(), "", "spec.slack.webhookUrlSecretRef");
            return SlackProvider.ForWebhook(provider.Metadata.Name, url, time);
        }

        var token = ProviderSecrets.Resolve(secrets, spec.TokenSecretRef!, "spec.slack.tokenSecretRef").Trim();
        var apiBase = ProviderHttp.ParseBaseUrl(spec.BaseUrl, DefaultApiBase, "spec.slack.baseUrl");
        return SlackProvider.ForBot(provider.Metadata.Name, apiBase, token, spec.Channel!, time);
    }
}
