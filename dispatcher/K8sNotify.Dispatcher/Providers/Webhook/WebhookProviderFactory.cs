using K8sNotify.Api.Providers.Webhook;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Http;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers.Webhook;

/// <summary>Creates webhook providers from <c>spec.webhook</c> (URL, optional HMAC key Secret, extra headers).</summary>
public sealed class WebhookProviderFactory(TimeProvider time) : IProviderFactory
{
    // Headers the provider sets itself; spec.webhook.headers may not override them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Host", "Transfer-Encoding", "Connection",
        WebhookSignature.IdempotencyKeyHeader, WebhookSignature.TimestampHeader,
    };

    public ProviderType Type => WebhookProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var spec = WebhookProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        var url = ProviderHttp.ParseBaseUrl(spec.Url, "", "spec.webhook.url");
        byte[]? key = null;
        var signatureHeader = WebhookSignature.DefaultHeader;
        if (spec.Hmac is { } hmac)
        {
            key = System.Text.Encoding.UTF8.GetBytes(ProviderSecrets.Resolve(secrets, hmac.SecretRef, "spec.webhook.hmac.secretRef"));
            signatureHeader = string.IsNullOrEmpty(hmac.Header) ? WebhookSignature.DefaultHeader : hmac.Header;
        }

        var reserved = new HashSet<string>(Reserved, StringComparer.OrdinalIgnoreCase) { signatureHeader };
        foreach (var (name, value) in spec.Headers ?? [])
        {
            if (reserved.Contains(name))
            {
                throw new ProviderConfigurationException($"spec.webhook.headers may not set {name}");
            }

            using var probe = new HttpRequestMessage();
            if (!probe.Headers.TryAddWithoutValidation(name, value) || value.AsSpan().ContainsAny('\r', '\n'))
            {
                throw new ProviderConfigurationException($"spec.webhook.headers has an invalid header {name}");
            }
        }

        return new WebhookProvider(provider.Metadata.Name, url, key, signatureHeader, spec.Headers, time);
    }
}
