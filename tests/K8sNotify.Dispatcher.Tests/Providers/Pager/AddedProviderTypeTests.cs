using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Dispatcher.Tests.Providers.Pager;

/// <summary>The test-only pager type (spec in TestSupport/Providers/Pager, factory here) runs in a dispatcher after one registration line.</summary>
public sealed class AddedProviderTypeTests
{
    private const string PagerYaml = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata:
          name: oncall
        spec:
          type: pager
          pager:
            gateway: pager.example.com
            priority: 5
            apiKeySecretRef: {name: pager, key: api-key}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: pager
        stringData:
          api-key: pk-123
        """;

    [Fact]
    public async Task Build_AddedTypeRegistered_DeliversThroughIt()
    {
        var config = Load(PagerYaml);
        var builder = new ChannelRuntimeBuilder(Routers.For(new PagerProviderFactory())); // the one registration line

        var runtime = builder.Build(config);

        var link = Assert.Single(runtime.Providers);
        var pager = Assert.IsType<PagerProvider>(link.Sender.Inner);
        Assert.Equal("pk-123", pager.ApiKey);
        var result = await link.Sender.SendAsync(Notifications.Webhook(), TestContext.Current.CancellationToken);
        Assert.True(result.IsAccepted);
        Assert.Equal([("crm", "Thanks for your order", 5)], pager.Pages);
    }

    [Fact]
    public void Build_AddedTypeNotRegistered_NamesTheTypeAndTheSupportedOnes()
    {
        var builder = new ChannelRuntimeBuilder(Routers.For(new Support.ScriptedProvider()));

        var e = Assert.Throws<ConfigurationException>(() => builder.Build(Load(PagerYaml)));

        Assert.Contains("spec.type pager is not supported by this dispatcher (supported: outbox)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AddedTypeBlockMalformed_IsAConfigurationErrorNamingTheBlock()
    {
        var builder = new ChannelRuntimeBuilder(Routers.For(new PagerProviderFactory()));

        var e = Assert.Throws<ConfigurationException>(() => builder.Build(Load(PagerYaml.Replace("priority: 5", "priority: [5]", StringComparison.Ordinal))));

        Assert.Contains("spec.pager is malformed", e.Message, StringComparison.Ordinal);
    }

    private static ChannelConfig Load(string providersYaml)
    {
        var dir = DispatcherHarness.NewDirectory();
        new ChannelManifests { Name = "pages", Providers = [("oncall", providersYaml)] }.WriteTo(dir);
        return Assert.Single(new ManifestFolderSource(dir, [], "default", _ => null).Load());
    }
}
