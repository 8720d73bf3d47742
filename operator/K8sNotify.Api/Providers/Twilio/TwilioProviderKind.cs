using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Twilio;

/// <summary>The twilio provider type: SMS through the Twilio Programmable Messaging API.</summary>
public sealed class TwilioProviderKind : ProviderKind<TwilioProviderSpec>
{
    public static TwilioProviderKind Instance { get; } = new();

    private TwilioProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("twilio");

    public override string Description => "Twilio settings (type twilio).";

    protected override IEnumerable<SecretKeyReference> SecretReferences(TwilioProviderSpec settings) =>
        [settings.AccountSidSecretRef, settings.AuthTokenSecretRef];
}
