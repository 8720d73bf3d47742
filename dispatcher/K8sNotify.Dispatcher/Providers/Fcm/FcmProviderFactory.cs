using K8sNotify.Api.Providers.Fcm;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers.Http;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>Creates FCM push providers from <c>spec.fcm</c> and the service-account JSON Secret.</summary>
public sealed class FcmProviderFactory(TimeProvider time, ProviderMetrics metrics, ILoggerFactory loggers) : IProviderFactory
{
    public const string DefaultBaseUrl = "https://fcm.googleapis.com";

    public ProviderType Type => FcmProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var name = provider.Metadata.Name;
        var spec = FcmProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        if (string.IsNullOrWhiteSpace(spec.ProjectId))
        {
            throw new ProviderConfigurationException($"spec.fcm.projectId is required");
        }

        var baseUrl = ProviderHttp.ParseBaseUrl(spec.BaseUrl, DefaultBaseUrl, "spec.fcm.baseUrl");
        var json = ProviderSecrets.Resolve(secrets, spec.ServiceAccountSecretRef, "spec.fcm.serviceAccountSecretRef");
        var account = FcmServiceAccount.Parse(json);
        var tokenUrl = ProviderHttp.ParseBaseUrl(spec.TokenUrl, account.TokenUri ?? FcmServiceAccount.DefaultTokenUri, "spec.fcm.tokenUrl");
        var logger = loggers.CreateLogger<FcmProvider>();
        var tokens = new FcmAccessTokenSource(account, tokenUrl.AbsoluteUri, time, name, logger);
        return new FcmProvider(name, baseUrl, spec.ProjectId, tokens, time, metrics, logger);
    }
}
