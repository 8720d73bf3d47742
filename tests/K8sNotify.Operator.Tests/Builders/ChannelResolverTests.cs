using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Validation;
using k8s.Models;

namespace K8sNotify.Operator.Tests.Builders;

public sealed class ChannelResolverTests
{
    private static Resolution Resolve(ManifestSet set, bool secretsRequired = true, IReadOnlyCollection<string>? operatorSecrets = null) =>
        ChannelResolver.Resolve(
            set.Channels[0],
            n => set.Templates.SingleOrDefault(t => t.Metadata.Name == n),
            n => set.Providers.SingleOrDefault(p => p.Metadata.Name == n),
            n => set.Secrets.SingleOrDefault(s => s.Metadata.Name == n),
            operatorSecrets ?? [],
            secretsRequired);

    [Fact]
    public void Resolve_Complete_KeepsChainOrderAndListsReferences()
    {
        var resolution = Resolve(TestManifests.Read("shop"));

        Assert.Empty(resolution.Problems);
        Assert.Equal(["mail-relay", "mail-webhook"], resolution.Resolved!.Providers.Select(p => p.Metadata.Name));
        Assert.Equal(["order-confirmation"], resolution.TemplateNames);
        Assert.Equal(["shop-api-tokens", "smtp-credentials", "webhook-signing"], resolution.SecretNames);
    }

    [Fact]
    public void Resolve_TemplateMissing_TemplateNotFoundAndStillListsIt()
    {
        var set = TestManifests.Read("shop");
        set.Templates.Clear();

        var resolution = Resolve(set);

        Assert.Null(resolution.Resolved);
        var problem = Assert.Single(resolution.Problems);
        Assert.Equal(ReferenceProblem.TemplateNotFound, problem.Reason);
        Assert.Contains("order-confirmation", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["order-confirmation"], resolution.TemplateNames);
    }

    [Fact]
    public void Resolve_RetentionShorterThanHorizon_InvalidSpecNamesTheField()
    {
        var set = TestManifests.Read("shop");
        set.Channels[0].Spec.Scheduling = new ChannelSchedulingSpec { Horizon = "30d", Retention = "30d" };

        var problem = Assert.Single(Resolve(set).Problems);

        Assert.Equal(ReferenceProblem.InvalidSpec, problem.Reason);
        Assert.StartsWith("spec.scheduling.retention", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0s", 10, "order-confirmation", null, "spec.digest.window")]
    [InlineData("8d", 10, "order-confirmation", null, "spec.digest.window")]
    [InlineData("1h", 1001, "order-confirmation", null, "spec.digest.maxItems")]
    [InlineData("1h", 10, "not-listed", null, "spec.digest.template")]
    [InlineData("1h", 10, "order-confirmation", "1bad", "spec.digest.key")]
    public void Resolve_InvalidDigest_InvalidSpecNamesTheField(string window, int maxItems, string template, string? key, string field)
    {
        var set = TestManifests.Read("shop");
        set.Channels[0].Spec.Digest = new ChannelDigestSpec { Window = window, MaxItems = maxItems, Template = template, Key = key };

        var problem = Assert.Single(Resolve(set).Problems);

        Assert.Equal(ReferenceProblem.InvalidSpec, problem.Reason);
        Assert.StartsWith(field, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ValidDigest_NoProblem()
    {
        var set = TestManifests.Read("shop");
        set.Channels[0].Spec.Digest = new ChannelDigestSpec { Window = "15m", MaxItems = 50, Template = "order-confirmation", Key = "project.id" };

        Assert.Empty(Resolve(set).Problems);
    }

    [Fact]
    public void Resolve_ProviderMissing_ProviderNotFound()
    {
        var set = TestManifests.Read("shop");
        set.Providers.RemoveAt(1);

        Assert.Equal([ReferenceProblem.ProviderNotFound], Resolve(set).Problems.Select(p => p.Reason));
    }

    [Fact]
    public void Resolve_TemplateForAnotherMedium_TypeMismatch()
    {
        var set = TestManifests.Read("shop");
        set.Templates[0].Spec.ChannelType = ChannelType.Sms;

        Assert.Contains(Resolve(set).Problems, p => p.Reason == ReferenceProblem.TemplateTypeMismatch);
    }

    [Fact]
    public void Resolve_TemplateDoesNotParse_TemplateInvalidNamesLocale()
    {
        var set = TestManifests.Read("shop");
        set.Templates[0].Spec.Locales["de"].Subject = "Bestellung {{ order.id ";

        var problem = Assert.Single(Resolve(set).Problems);
        Assert.Equal(ReferenceProblem.TemplateInvalid, problem.Reason);
        Assert.Contains("locales.de.subject", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SecretKeyMissing_SecretKeyNotFoundWithoutValues()
    {
        var set = TestManifests.Read("shop");
        set.Secrets[0].StringData.Remove("password");

        var problem = Assert.Single(Resolve(set).Problems);
        Assert.Equal(ReferenceProblem.SecretKeyNotFound, problem.Reason);
        Assert.Contains("'password'", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SecretsNotRequired_MissingSecretIsAWarning()
    {
        var set = TestManifests.Read("shop");
        set.Secrets.Clear();

        var resolution = Resolve(set, secretsRequired: false);

        Assert.NotNull(resolution.Resolved);
        Assert.Equal(3, resolution.Warnings.Count);
    }

    [Fact]
    public void Resolve_ApiEnabledTokensSecretMissing_SecretNotFound()
    {
        var set = TestManifests.Read("shop");
        set.Secrets.RemoveAll(s => s.Metadata.Name == "shop-api-tokens");

        var problem = Assert.Single(Resolve(set).Problems);

        Assert.Equal((ReferenceProblem.SecretNotFound, "Secret 'shop-api-tokens' not found"), (problem.Reason, problem.Message));
    }

    [Fact]
    public void Resolve_OperatorSecretMissing_SecretNotFound()
    {
        var resolution = Resolve(TestManifests.Read("shop"), operatorSecrets: ["nats-user"]);

        var problem = Assert.Single(resolution.Problems);
        Assert.Equal(ReferenceProblem.SecretNotFound, problem.Reason);
        Assert.Contains("nats-user", resolution.SecretNames);
    }

    [Fact]
    public void Resolve_SecretsFromCluster_VersionsAreResourceVersions()
    {
        var set = TestManifests.Read("shop");
        set.Secrets.Clear();
        set.Secrets.Add(new V1Secret { Metadata = new() { Name = "smtp-credentials", ResourceVersion = "7" }, Data = new Dictionary<string, byte[]> { ["username"] = [], ["password"] = [] } });
        set.Secrets.Add(new V1Secret { Metadata = new() { Name = "webhook-signing", ResourceVersion = "9" }, Data = new Dictionary<string, byte[]> { ["key"] = [] } });
        set.Secrets.Add(new V1Secret { Metadata = new() { Name = "shop-api-tokens", ResourceVersion = "11" }, Data = new Dictionary<string, byte[]> { ["checkout"] = [] } });

        var resolved = Resolve(set).Resolved!;

        Assert.Equal("7", resolved.SecretVersions["smtp-credentials"]);
        Assert.Equal("9", resolved.SecretVersions["webhook-signing"]);
        Assert.Equal("11", resolved.SecretVersions["shop-api-tokens"]);
    }
}
