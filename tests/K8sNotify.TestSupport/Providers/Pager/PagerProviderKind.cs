using K8sNotify.Api.Providers;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.TestSupport.Providers.Pager;

/// <summary>The pager provider type: defined outside the product, registered by a test with one line.</summary>
public sealed class PagerProviderKind : ProviderKind<PagerProviderSpec>
{
    public static PagerProviderKind Instance { get; } = new();

    private PagerProviderKind()
    {
    }

    public override ProviderType Type { get; } = new("pager");

    public override string Description => "Pager gateway settings (type pager).";

    protected override IEnumerable<string> Validate(PagerProviderSpec settings)
    {
        if (settings.Gateway.Contains('/', StringComparison.Ordinal))
        {
            yield return "spec.pager.gateway must be a host name, not a URL";
        }
    }

    protected override IEnumerable<SecretKeyReference> SecretReferences(PagerProviderSpec settings) => [settings.ApiKeySecretRef];
}
