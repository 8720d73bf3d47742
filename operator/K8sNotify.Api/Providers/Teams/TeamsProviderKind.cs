using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Teams;

/// <summary>The teams provider type: Adaptive Card messages through a Teams Workflows or incoming webhook.</summary>
public sealed class TeamsProviderKind : ProviderKind<TeamsProviderSpec>
{
    public static TeamsProviderKind Instance { get; } = new();

    private TeamsProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("teams");

    public override string Description => "Microsoft Teams settings (type teams).";

    protected override IEnumerable<SecretKeyReference> SecretReferences(TeamsProviderSpec settings) => [settings.WebhookUrlSecretRef];
}
