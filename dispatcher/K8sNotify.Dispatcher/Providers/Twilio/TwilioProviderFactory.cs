using K8sNotify.Api.Providers.Twilio;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Http;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>Creates Twilio SMS providers from <c>spec.twilio</c> and the Account SID and Auth Token Secrets.</summary>
public sealed class TwilioProviderFactory(TimeProvider time) : IProviderFactory
{
    public const string DefaultBaseUrl = "https://api.twilio.com";

    public ProviderType Type => TwilioProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var name = provider.Metadata.Name;
        var spec = TwilioProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        if (string.IsNullOrEmpty(spec.From) == string.IsNullOrEmpty(spec.MessagingServiceSid))
        {
            throw new ProviderConfigurationException($"set exactly one of spec.twilio.from and spec.twilio.messagingServiceSid");
        }

        var baseUrl = ProviderHttp.ParseBaseUrl(spec.BaseUrl, DefaultBaseUrl, "spec.twilio.baseUrl");
        Uri? callback = string.IsNullOrEmpty(spec.StatusCallbackUrl)
            ? null
            : ProviderHttp.ParseBaseUrl(spec.StatusCallbackUrl, "", "spec.twilio.statusCallbackUrl");
        var accountSid = ProviderSecrets.Resolve(secrets, spec.AccountSidSecretRef, "spec.twilio.accountSidSecretRef").Trim();
        var authToken = ProviderSecrets.Resolve(secrets, spec.AuthTokenSecretRef, "spec.twilio.authTokenSecretRef").Trim();
        var transport = new TwilioTransport(baseUrl, accountSid, authToken, time);
        return new TwilioProvider(name, transport, accountSid, authToken, NullIfEmpty(spec.From), NullIfEmpty(spec.MessagingServiceSid), callback);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
