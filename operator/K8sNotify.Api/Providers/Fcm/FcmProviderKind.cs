using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Fcm;

/// <summary>The fcm provider type: push notifications through Firebase Cloud Messaging.</summary>
public sealed class FcmProviderKind : ProviderKind<FcmProviderSpec>
{
    public static FcmProviderKind Instance { get; } = new();

    private FcmProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("fcm");

    public override string Description => "Firebase Cloud Messaging settings (type fcm).";

    protected override IEnumerable<SecretKeyReference> SecretReferences(FcmProviderSpec settings) =>
        [settings.ServiceAccountSecretRef];
}
