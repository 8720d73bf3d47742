using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Outbox;

/// <summary>The outbox provider type: one file per message in a directory (development and demos).</summary>
public sealed class OutboxProviderKind : ProviderKind<OutboxProviderSpec>
{
    public static OutboxProviderKind Instance { get; } = new();

    private OutboxProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("outbox");

    public override string Description => "Outbox settings (type outbox).";

    protected override IEnumerable<SecretKeyReference> SecretReferences(OutboxProviderSpec settings) => [];
}
