using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Webhook;

/// <summary>The webhook provider type: a JSON POST to an HTTP endpoint.</summary>
public sealed class WebhookProviderKind : ProviderKind<WebhookProviderSpec>
{
    public static WebhookProviderKind Instance { get; } = new();

    private WebhookProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("webhook");

    public override string Description => "Webhook settings (type webhook).";

    protected override IEnumerable<SecretKeyReference> SecretReferences(WebhookProviderSpec settings) =>
        settings.Hmac is { } hmac ? [hmac.SecretRef] : [];
}
