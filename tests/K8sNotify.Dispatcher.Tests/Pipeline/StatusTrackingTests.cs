using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

public sealed class StatusTrackingTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task StatusTrackingOff_Delivers_WritesNoStatusRecordAndNoLongerSuppressesDuplicates()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            DispatcherHarness.NewDirectory(),
            s => s.AddSingletonProvider(provider),
            new Dictionary<string, string?> { ["PIPELINE:STATUS_TRACKING"] = "false" });

        await harness.PublishAsync(DispatcherHarness.Message("untracked-1"));
        await harness.PublishAsync(DispatcherHarness.Message("untracked-1"));

        await Poll.UntilAsync(() => provider.CallsFor("untracked-1") == 2, "both copies delivered", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Null(await harness.StatusAsync("untracked-1"));
    }
}
