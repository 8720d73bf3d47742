using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Dispatcher.Tests.Configuration;

public sealed class ReloadTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task ChangedTemplateFile_IsUsedWithoutRestart()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        var dir = DispatcherHarness.NewDirectory();
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(provider));
        var store = harness.Services.GetRequiredService<ChannelRuntimeStore>();
        var before = store.Get(channel.Namespace, channel.Name)!;
        await harness.PublishAsync(DispatcherHarness.Message("before-reload"));
        await harness.WaitForStateAsync("before-reload", NotificationState.Sent);
        Assert.True(before.Renderer.CachedTemplates > 0);

        await File.WriteAllTextAsync(
            Path.Combine(dir, "template.yaml"),
            ChannelManifests.DefaultTemplate.Replace("subject: \"Welcome, {{ name }}\"", "subject: \"Hi again, {{ name }}\"", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => store.Get(channel.Namespace, channel.Name)!.Version > before.Version, "reload", cancellationToken: TestContext.Current.CancellationToken);
        await harness.PublishAsync(DispatcherHarness.Message("after-reload"));
        await harness.WaitForStateAsync("after-reload", NotificationState.Sent);

        var byId = provider.Accepted.ToDictionary(n => n.NotificationId);
        Assert.Equal("Welcome, Ada", byId["before-reload"].Subject);
        Assert.Equal("Hi again, Ada", byId["after-reload"].Subject);
        Assert.Equal(3, store.Get(channel.Namespace, channel.Name)!.Renderer.CachedTemplates); // a fresh cache: subject, text, html of en
    }

    [Fact]
    public async Task BrokenReload_KeepsThePreviousConfiguration()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        var dir = DispatcherHarness.NewDirectory();
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(provider));
        var service = harness.Services.GetRequiredService<ConfigurationService>();
        var store = harness.Services.GetRequiredService<ChannelRuntimeStore>();
        var before = store.Get(channel.Namespace, channel.Name)!;

        await File.WriteAllTextAsync(Path.Combine(dir, "providers.yaml"), "kind: [unclosed", TestContext.Current.CancellationToken);
        service.ReloadIfChanged();

        Assert.Same(before, store.Get(channel.Namespace, channel.Name));
        await harness.PublishAsync(DispatcherHarness.Message("still-works"));
        await harness.WaitForStateAsync("still-works", NotificationState.Sent);
    }

    [Fact]
    public async Task ReloadWithASchemaViolation_KeepsThePreviousConfiguration()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], RateLimitsYaml = "{perRecipient: {requests: 100, period: 1s}}" };
        var dir = DispatcherHarness.NewDirectory();
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(provider));
        var service = harness.Services.GetRequiredService<ConfigurationService>();
        var store = harness.Services.GetRequiredService<ChannelRuntimeStore>();
        var before = store.Get(channel.Namespace, channel.Name)!;

        var broken = channel with { RateLimitsYaml = "{perRecipient: {limit: 3}}" };
        await File.WriteAllTextAsync(Path.Combine(dir, "channel.yaml"), broken.ChannelYaml, TestContext.Current.CancellationToken);
        var reloaded = service.ReloadIfChanged();

        Assert.False(reloaded);
        Assert.Same(before, store.Get(channel.Namespace, channel.Name));
        Assert.Equal(100, before.Channel.Spec.RateLimits!.PerRecipient!.Requests);
        await harness.PublishAsync(DispatcherHarness.Message("still-works-after-bad-schema"));
        await harness.WaitForStateAsync("still-works-after-bad-schema", NotificationState.Sent);
    }
}
