using K8sNotify.Api.Manifests;
using K8sNotify.Api.Schema;
using K8sNotify.Dispatcher.Cli;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Dispatcher.Tests.Configuration;

public sealed class ManifestValidationTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Load_PerRecipientWithoutRequests_IsRefusedNamingFileObjectAndField()
    {
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests { Name = "orders", Providers = [ChannelManifests.Outbox("p", "/unused")], RateLimitsYaml = "{perRecipient: {limit: 3}}" };
        channel.WriteTo(dir);

        var e = Assert.Throws<ConfigurationException>(() => new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());

        Assert.Contains("channel.yaml: Channel default/orders: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("spec.rateLimits.perRecipient.requests: Required value", e.Message, StringComparison.Ordinal);
        Assert.Contains("spec.rateLimits.perRecipient.limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownProviderField_IsRefused()
    {
        var dir = DispatcherHarness.NewDirectory();
        var provider = ChannelManifests.Outbox("p", "/unused");
        var misspelt = provider.Yaml.Replace("timeout: 5s", "timeout: 5s\n  timeoutt: 6s", StringComparison.Ordinal);
        new ChannelManifests { Providers = [(provider.Name, misspelt)] }.WriteTo(dir);

        var e = Assert.Throws<ConfigurationException>(() => new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());

        Assert.Contains("providers.yaml: Provider default/p: spec.timeoutt: unknown field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CelRuleViolation_IsRefusedWithTheRuleMessage()
    {
        var dir = DispatcherHarness.NewDirectory();
        var webhookWithoutSettings = "apiVersion: notify.k8snotify.io/v1alpha1\nkind: Provider\nmetadata: {name: hook}\nspec: {type: webhook}";
        new ChannelManifests { Providers = [("hook", webhookWithoutSettings)] }.WriteTo(dir);

        var e = Assert.Throws<ConfigurationException>(() => new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());

        Assert.Contains("providers.yaml: Provider default/hook: spec.webhook: Invalid value: \"object\": spec.webhook is required when type is webhook", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProviderTypeUnknownToTheCrdWithAnInvalidTimeout_IsStillRefusedForTheTimeout()
    {
        var dir = DispatcherHarness.NewDirectory();
        var added = "apiVersion: notify.k8snotify.io/v1alpha1\nkind: Provider\nmetadata: {name: oncall}\nspec:\n  type: pager\n  timeout: soon\n  pager: {gateway: pager.example.com}";
        new ChannelManifests { Providers = [("oncall", added)] }.WriteTo(dir);

        var e = Assert.Throws<ConfigurationException>(() => new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());

        Assert.Contains("providers.yaml: Provider default/oncall: spec.timeout: pattern", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.pager", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidManifests_AreAcceptedWithDefaultsLeftToTheTypes()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], RateLimitsYaml = "{perRecipient: {requests: 3, period: 1m}}" }.WriteTo(dir);

        var config = Assert.Single(new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());

        Assert.Equal(3, config.Bundle.Channel.Spec.RateLimits!.PerRecipient!.Requests);
    }

    [Fact]
    public async Task InvokeAsync_InvalidManifestAtStart_ExitsTwoWithTheErrorAndNoStackTrace()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "orders", Providers = [ChannelManifests.Outbox("p", "/unused")], RateLimitsYaml = "{perRecipient: {limit: 3}}" }.WriteTo(dir);
        using var stderr = new StringWriter();

        var code = await DispatcherCli.InvokeAsync(["--manifests", dir, "--nats", "nats://127.0.0.1:1", "--http-port", "0"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("channel.yaml: Channel default/orders: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("spec.rateLimits.perRecipient.requests: Required value", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_Examples_PassTheEmbeddedSchemas()
    {
        var set = ManifestReader.ReadDirectory(RepositoryRoot.Combine("examples"), "default", CrdSchemaValidator.Embedded);

        Assert.NotEmpty(set.Channels);
        Assert.NotEmpty(set.Templates);
        Assert.NotEmpty(set.Providers);
    }

    [Fact]
    public void Load_QuickstartExample_IsAccepted()
    {
        var config = Assert.Single(new ManifestFolderSource(RepositoryRoot.Combine("examples", "quickstart"), [], "default", NoEnvironment).Load());

        Assert.Equal("quickstart", config.Bundle.Channel.Metadata.Name);
    }

    [Fact]
    public void Embedded_IsTheGeneratedCrdsFolder()
    {
        var fromFolder = CrdSchemaValidator.FromDirectory(RepositoryRoot.Combine("crds"));

        Assert.Equal(
            fromFolder.Schemas.Select(s => (s.Kind, s.OpenApi.ToJsonString())).OrderBy(s => s.Kind, StringComparer.Ordinal),
            CrdSchemaValidator.Embedded.Schemas.Select(s => (s.Kind, s.OpenApi.ToJsonString())).OrderBy(s => s.Kind, StringComparer.Ordinal));
        Assert.Equal(["Channel", "Provider", "Template"], CrdSchemaValidator.Embedded.Schemas.Select(s => s.Kind).Order(StringComparer.Ordinal));
    }
}
