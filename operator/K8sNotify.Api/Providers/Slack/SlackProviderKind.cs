using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Slack;

/// <summary>The slack provider type: chat messages through an incoming webhook or chat.postMessage.</summary>
public sealed class SlackProviderKind : ProviderKind<SlackProviderSpec>
{
    public static SlackProviderKind Instance { get; } = new();

    private SlackProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("slack");

    public override string Description => "Slack settings (type slack).";

    protected override IEnumerable<string> Validate(SlackProviderSpec settings)
    {
        if ((settings.WebhookUrlSecretRef is null) == (settings.TokenSecretRef is null))
        {
            yield return "exactly one of spec.slack.webhookUrlSecretRef and spec.slack.tokenSecretRef must be set";
        }

        if (settings.TokenSecretRef is not null && string.IsNullOrEmpty(settings.Channel))
        {
            yield return "spec.slack.channel is required with spec.slack.tokenSecretRef";
        }
    }

    protected override IEnumerable<SecretKeyReference> SecretReferences(SlackProviderSpec settings)
    {
        if (settings.WebhookUrlSecretRef is { } url) yield return url;
        if (settings.TokenSecretRef is { } token) yield return token;
    }
}
