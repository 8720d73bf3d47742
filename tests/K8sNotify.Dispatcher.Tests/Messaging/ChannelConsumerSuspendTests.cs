using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Messaging;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Dispatcher.Tests.Messaging;

/// <summary>A suspended Channel (or one whose Providers are all suspended) pulls nothing: its messages stay in the stream and flow after a resume.</summary>
public sealed class ChannelConsumerSuspendTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private const string Suspend = "  suspend: true\n";

    private static readonly Dictionary<string, string?> Settings = new() { ["PIPELINE:PENDING_REFRESH"] = "00:00:00.200" };

    [Fact]
    public async Task SuspendByReload_MessagesStayInStreamAndReady_ResumeDeliversThem()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        var dir = DispatcherHarness.NewDirectory();
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(provider), Settings);
        await harness.PublishAsync(DispatcherHarness.Message("before-suspend"));
        await harness.WaitForStateAsync("before-suspend", NotificationState.Sent);

        await RewriteChannelAsync(dir, channel with { ExtraSpecYaml = Suspend });
        await WaitForPullsToStopAsync(harness);
        var delivered = (await ConsumerAsync(harness)).Delivered?.ConsumerSeq ?? 0;
        string[] ids = ["held-1", "held-2", "held-3"];
        foreach (var id in ids)
        {
            await harness.PublishAsync(DispatcherHarness.Message(id));
        }

        await Poll.UntilAsync(async () => (await ConsumerAsync(harness)).NumPending == 3, "three messages pending in the stream", cancellationToken: TestContext.Current.CancellationToken);
        var info = await ConsumerAsync(harness);
        Assert.Equal(delivered, info.Delivered?.ConsumerSeq ?? 0);
        Assert.Equal(0, info.NumWaiting);
        Assert.Equal(1, provider.TotalCalls);
        foreach (var id in ids)
        {
            Assert.Null(await harness.StatusAsync(id));
        }

        Assert.Null(harness.Services.GetRequiredService<DispatcherReadiness>().NotReadyReason());

        await RewriteChannelAsync(dir, channel);

        foreach (var id in ids)
        {
            await harness.WaitForStateAsync(id, NotificationState.Sent);
        }

        Assert.Equal(4, provider.TotalCalls);
        Assert.Equal(0UL, (await ConsumerAsync(harness)).NumPending);
    }

    [Fact]
    public async Task StartSuspended_NothingPulled_ResumeDelivers()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], ExtraSpecYaml = Suspend };
        var dir = DispatcherHarness.NewDirectory();
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(provider), Settings);
        await harness.PublishAsync(DispatcherHarness.Message("queued"));

        await Poll.UntilAsync(async () => (await ConsumerAsync(harness)).NumPending == 1, "message pending", cancellationToken: TestContext.Current.CancellationToken);
        var info = await ConsumerAsync(harness);
        Assert.Equal(0UL, info.Delivered?.ConsumerSeq ?? 0);
        Assert.Equal(0, info.NumWaiting);
        Assert.NotNull(harness.Services.GetRequiredService<ChannelRuntimeStore>().Get(channel.Namespace, channel.Name)!.Suspension);

        await RewriteChannelAsync(dir, channel with { ExtraSpecYaml = null });

        var store = harness.Services.GetRequiredService<ChannelRuntimeStore>();
        await Poll.UntilAsync(() => store.Get(channel.Namespace, channel.Name)!.Suspension is null, "resumed configuration loaded", cancellationToken: TestContext.Current.CancellationToken);
        await harness.WaitForStateAsync("queued", NotificationState.Sent);
        Assert.Equal(1, provider.CallsFor("queued"));
    }

    [Fact]
    public async Task OneProviderSuspended_ChainSkipsIt()
    {
        var provider = new ScriptedProvider();
        var (firstName, firstYaml) = ChannelManifests.Outbox("first", "/unused");
        var channel = new ChannelManifests { Providers = [(firstName, firstYaml + "\n" + Suspend.TrimEnd('\n')), ChannelManifests.Outbox("second", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider), Settings);

        await harness.PublishAsync(DispatcherHarness.Message("skips-first"));

        await harness.WaitForStateAsync("skips-first", NotificationState.Sent);
        Assert.Equal("second", (await harness.StatusAsync("skips-first"))!.Provider);
        Assert.Single(harness.Services.GetRequiredService<ChannelRuntimeStore>().Get(channel.Namespace, channel.Name)!.Providers);
    }

    [Fact]
    public async Task EveryProviderSuspended_NotificationsWaitUnattempted_ResumedProviderDelivers()
    {
        var provider = new ScriptedProvider();
        var (name, yaml) = ChannelManifests.Outbox("only", "/unused");
        var channel = new ChannelManifests { Providers = [(name, yaml + "\n" + Suspend.TrimEnd('\n'))] };
        var dir = DispatcherHarness.NewDirectory();
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(provider), Settings);
        var runtime = harness.Services.GetRequiredService<ChannelRuntimeStore>().Get(channel.Namespace, channel.Name)!;
        Assert.Equal(ChannelSuspension.ProvidersSuspendedReason, runtime.Suspension!.Reason);

        await harness.PublishAsync(DispatcherHarness.Message("waits"));

        await Poll.UntilAsync(async () => (await ConsumerAsync(harness)).NumPending == 1, "message pending", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0UL, (await ConsumerAsync(harness)).Delivered?.ConsumerSeq ?? 0);
        Assert.Null(await harness.StatusAsync("waits"));
        Assert.Empty(await harness.DeadLettersAsync());

        await File.WriteAllTextAsync(Path.Combine(dir, "providers.yaml"), yaml, TestContext.Current.CancellationToken);

        await harness.WaitForStateAsync("waits", NotificationState.Sent);
        Assert.Equal(1, (await harness.StatusAsync("waits"))!.Attempts);
    }

    private static Task RewriteChannelAsync(string dir, ChannelManifests channel) =>
        File.WriteAllTextAsync(Path.Combine(dir, "channel.yaml"), channel.ChannelYaml, TestContext.Current.CancellationToken);

    private static async Task<ConsumerInfo> ConsumerAsync(DispatcherHarness harness)
    {
        var consumer = await harness.Js.GetConsumerAsync(NatsNames.StreamName(harness.ChannelResource), NatsNames.ConsumerName, TestContext.Current.CancellationToken);
        return consumer.Info;
    }

    // A consuming loop always has a pull request waiting at the server; a suspended one has none.
    private static async Task WaitForPullsToStopAsync(DispatcherHarness harness)
    {
        var store = harness.Services.GetRequiredService<ChannelRuntimeStore>();
        await Poll.UntilAsync(() => store.Get(harness.Channel.Namespace, harness.Channel.Name)!.Suspension is not null, "suspension loaded", cancellationToken: TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => (await ConsumerAsync(harness)).NumWaiting == 0, "no pull request waiting", cancellationToken: TestContext.Current.CancellationToken);
    }
}
