using System.Text.Json.Nodes;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.Providers;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Crds;
using K8sNotify.Api.Schema;
using K8sNotify.Operator.Validation;
using K8sNotify.TestSupport.Providers.Pager;
using k8s;

namespace K8sNotify.Operator.Tests.Providers;

/// <summary>A provider type defined outside the product (TestSupport/Providers/Pager) and registered with one line gets the CRD, validation and Secret mounting.</summary>
public sealed class AddedProviderTypeTests
{
    // The one registration line.
    private static readonly ProviderCatalog Catalog = ProviderCatalog.BuiltIn.With(PagerProviderKind.Instance);

    private static readonly Provider Pager = ManifestReader.Deserialize<Provider>(JsonNode.Parse("""
        {"apiVersion":"notify.k8snotify.io/v1alpha1","kind":"Provider","metadata":{"name":"oncall","namespace":"ops"},
         "spec":{"type":"pager","pager":{"gateway":"pager.example.com","apiKeySecretRef":{"name":"pager","key":"api-key"}}}}
        """)!, "pager.yaml");

    [Fact]
    public void GenerateAll_AddedType_IsInTheEnumTheBlocksAndTheOneOfRules()
    {
        var spec = CrdGenerator.GenerateAll(Catalog).Single(c => c.Spec.Names.Kind == ApiGroup.ProviderKind)
            .Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];

        Assert.Contains("pager", spec.Properties["type"].EnumProperty.Select(v => v.ToString()));
        Assert.Equal(["apiKeySecretRef", "gateway"], spec.Properties["pager"].Required);
        Assert.Contains(spec.XKubernetesValidations, r => r.Rule == "self.type != 'pager' || has(self.pager)");
        Assert.Contains(spec.XKubernetesValidations, r => r.Rule.Contains("has(self.pager)", StringComparison.Ordinal) && r.Rule.EndsWith(".filter(x, x).size() <= 1", StringComparison.Ordinal));
    }

    [Fact]
    public void GenerateAll_AddedType_ApiServerAcceptsItsManifestAndRejectsAMissingBlock()
    {
        var validator = CrdSchemaValidator.FromCrds(CrdGenerator.GenerateAll(Catalog));
        var manifest = JsonNode.Parse(KubernetesJson.Serialize(Pager))!.AsObject();
        Assert.Empty(validator.Validate(manifest));

        manifest["spec"]!.AsObject().Remove("pager");
        Assert.Contains(validator.Validate(manifest), e => e.Contains("spec.pager is required when type is pager", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AddedTypeConfigured_NoProblems()
    {
        Assert.Empty(ProviderValidator.Validate(Pager, n => n == "pager" ? TestManifests.Secret("pager", "api-key") : null, Catalog));
    }

    [Fact]
    public void Validate_AddedTypeUnregistered_InvalidSpecNamingTheKnownTypes()
    {
        var problem = Assert.Single(ProviderValidator.Validate(Pager, _ => null));

        Assert.Equal(ReferenceProblem.InvalidSpec, problem.Reason);
        Assert.Contains("spec.type pager is not a known provider type (known: smtp, twilio, fcm, webhook, outbox", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AddedTypeCheckBeyondTheSchema_IsReported()
    {
        var provider = new Provider
        {
            Metadata = new() { Name = "oncall" },
            Spec = PagerProviderKind.Instance.NewSpec(new PagerProviderSpec { Gateway = "https://pager.example.com/", ApiKeySecretRef = new() { Name = "pager", Key = "api-key" } }),
        };

        var problem = Assert.Single(ProviderValidator.Validate(provider, _ => TestManifests.Secret("pager", "api-key"), Catalog));

        Assert.Equal("spec.pager.gateway must be a host name, not a URL", problem.Message);
    }

    [Fact]
    public void Validate_AddedTypeSecretMissing_SecretNotFound()
    {
        Assert.Equal([ReferenceProblem.SecretNotFound], ProviderValidator.Validate(Pager, _ => null, Catalog).Select(p => p.Reason));
    }

    [Fact]
    public void SecretNames_AddedType_MountsItsSecret()
    {
        var channel = new Channel { Metadata = new() { Name = "alerts", NamespaceProperty = "ops" } };
        var bundle = new DispatcherBundle { Channel = channel, Providers = [Pager] };

        Assert.Equal(["pager"], SecretReferences.SecretNames(bundle, Catalog));
    }
}
