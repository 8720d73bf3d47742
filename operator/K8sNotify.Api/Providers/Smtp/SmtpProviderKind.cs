using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers.Smtp;

/// <summary>The smtp provider type: email through an SMTP relay.</summary>
public sealed class SmtpProviderKind : ProviderKind<SmtpProviderSpec>
{
    public static SmtpProviderKind Instance { get; } = new();

    private SmtpProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("smtp");

    public override string Description => "SMTP settings (type smtp).";

    protected override IEnumerable<SecretKeyReference> SecretReferences(SmtpProviderSpec settings)
    {
        if (settings.UsernameSecretRef is { } user) yield return user;
        if (settings.PasswordSecretRef is { } password) yield return password;
    }
}
