using System.Text.Json;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Providers.Outbox;
using K8sNotify.Dispatcher.Secrets;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport.Manifests;
using k8s;

namespace K8sNotify.Dispatcher.Tests.Configuration;

public sealed class ConfigSourceTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void ManifestFolderAndBundleFile_ProduceTheSameRuntime()
    {
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests { Name = "same", Providers = [ChannelManifests.Outbox("files", Path.Combine(dir, "out"))] };
        channel.WriteTo(dir);
        var fromFolder = Assert.Single(new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());
        var bundlePath = Path.Combine(dir, "bundle", DispatcherBundle.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(bundlePath)!);
        File.WriteAllText(bundlePath, KubernetesJson.Serialize(fromFolder.Bundle));
        var fromBundle = Assert.Single(new BundleFileSource(bundlePath, SecretResolver.ForCluster(NoEnvironment, dir)).Load());
        var builder = new ChannelRuntimeBuilder(Routers.For(new OutboxProviderFactory(TimeProvider.System)));

        var a = builder.Build(fromFolder);
        var b = builder.Build(fromBundle);

        Assert.Equal(a.Key, b.Key);
        Assert.Equal(a.Templates.Keys, b.Templates.Keys);
        Assert.Equal(a.Providers.Select(p => p.Name), b.Providers.Select(p => p.Name));
        Assert.Equal(((OutboxProvider)a.Providers[0].Sender.Inner).Directory, ((OutboxProvider)b.Providers[0].Sender.Inner).Directory);
        Assert.Equal(JsonSerializer.Serialize(a.Templates["welcome"].Template.Spec), JsonSerializer.Serialize(b.Templates["welcome"].Template.Spec));
        Assert.Equal((a.MaxAttempts, a.Backoff), (b.MaxAttempts, b.Backoff));
    }

    [Fact]
    public void ManifestFolder_ChannelSelection_PicksByNameAndRejectsUnknownNames()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "one", Providers = [ChannelManifests.Outbox("files", "/tmp/x")] }.WriteTo(dir);
        File.Copy(Path.Combine(dir, "channel.yaml"), Path.Combine(dir, "channel-two.yaml"));
        File.WriteAllText(Path.Combine(dir, "channel-two.yaml"), File.ReadAllText(Path.Combine(dir, "channel.yaml")).Replace("name: one", "name: two", StringComparison.Ordinal));

        Assert.Equal(2, new ManifestFolderSource(dir, [], "default", NoEnvironment).Load().Count);
        Assert.Equal("two", Assert.Single(new ManifestFolderSource(dir, ["default/two"], "default", NoEnvironment).Load()).Name);
        var e = Assert.Throws<ConfigurationException>(() => new ManifestFolderSource(dir, ["three"], "default", NoEnvironment).Load());
        Assert.Contains("--channel three: no such Channel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestFolder_MissingProvider_IsAClearError()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "lonely", Providers = [ChannelManifests.Outbox("files", "/tmp/x")] }.WriteTo(dir);
        File.Delete(Path.Combine(dir, "providers.yaml"));

        var e = Assert.Throws<ConfigurationException>(() => new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());

        Assert.Contains("uses Provider 'files', which is not in", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnsupportedProviderType_NamesTheTypeAndTheSupportedOnes()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "tw", Providers = [("sms", "apiVersion: notify.k8snotify.io/v1alpha1\nkind: Provider\nmetadata: {name: sms}\nspec:\n  type: twilio\n  twilio: {from: \"+15005550006\", accountSidSecretRef: {name: tw, key: sid}, authTokenSecretRef: {name: tw, key: token}}")] }.WriteTo(dir);
        var config = Assert.Single(new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());
        var builder = new ChannelRuntimeBuilder(Routers.For(new OutboxProviderFactory(TimeProvider.System)));

        var e = Assert.Throws<ConfigurationException>(() => builder.Build(config));

        Assert.Contains("spec.type twilio is not supported by this dispatcher (supported: outbox)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BadDataSchema_IsAConfigurationError()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "schema", Providers = [ChannelManifests.Outbox("files", "/tmp/x")], TemplateYaml = ChannelManifests.DefaultTemplate.Replace("type: object", "type: 17", StringComparison.Ordinal) }.WriteTo(dir);
        var config = Assert.Single(new ManifestFolderSource(dir, [], "default", NoEnvironment).Load());
        var builder = new ChannelRuntimeBuilder(Routers.For(new OutboxProviderFactory(TimeProvider.System)));

        var e = Assert.Throws<ConfigurationException>(() => builder.Build(config));

        Assert.Contains("spec.dataSchema is not a usable JSON Schema", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BundleFile_NotJson_IsAClearError()
    {
        var path = Path.Combine(DispatcherHarness.NewDirectory(), "bundle.json");
        File.WriteAllText(path, "{ nope");

        var e = Assert.Throws<ConfigurationException>(() => new BundleFileSource(path, SecretResolver.ForCluster(NoEnvironment)).Load());

        Assert.Contains("is not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_ChangesWithContent()
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "fp", Providers = [ChannelManifests.Outbox("files", "/tmp/x")] }.WriteTo(dir);
        var source = new ManifestFolderSource(dir, [], "default", NoEnvironment);
        var before = source.Fingerprint();

        File.AppendAllText(Path.Combine(dir, "template.yaml"), "\n# changed\n");

        Assert.NotEqual(before, source.Fingerprint());
        Assert.Equal(source.Fingerprint(), source.Fingerprint());
    }
}
