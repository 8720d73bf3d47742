using System.Text;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Tests.Messaging;

public sealed class GracefulShutdownTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private const int Messages = 1000;

    [Fact]
    public async Task StopMidway_ThenRestart_EveryNotificationIsSentExactlyOnce()
    {
        var first = new ScriptedProvider();
        var second = new ScriptedProvider();
        var channel = new ChannelManifests { Concurrency = 32, Providers = [ChannelManifests.Outbox("p", "/unused")] };
        var dir = DispatcherHarness.NewDirectory();
        await using (var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(first)))
        {
            await PublishAllAsync(harness);
            await Poll.UntilAsync(() => first.TotalCalls >= Messages / 4, "a quarter sent", cancellationToken: TestContext.Current.CancellationToken);

            await harness.StopAsync();

            Assert.InRange(first.TotalCalls, Messages / 4, Messages - 1);
            var statuses = await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => harness.StatusAsync($"gs-{i}")));
            Assert.DoesNotContain(statuses, s => s?.State == NotificationState.Sending);
        }

        await using var restarted = await DispatcherHarness.StartAsync(nats.Url, channel, dir, s => s.AddSingletonProvider(second));
        await Poll.UntilAsync(() => first.TotalCalls + second.TotalCalls >= Messages, "all sent after restart", cancellationToken: TestContext.Current.CancellationToken);
        var all = await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => restarted.StatusAsync($"gs-{i}")));
        Assert.All(all, s => Assert.Equal(NotificationState.Sent, s?.State));
        Assert.All(Enumerable.Range(0, Messages), i => Assert.Equal(1, first.CallsFor($"gs-{i}") + second.CallsFor($"gs-{i}")));
        Assert.Equal(Messages, first.TotalCalls + second.TotalCalls);
    }

    private static async Task PublishAllAsync(DispatcherHarness harness)
    {
        // Pipelined publishes: send them all, then wait for every ack.
        var pending = new List<ValueTask<NATS.Client.JetStream.Models.PubAckResponse>>(Messages);
        for (var i = 0; i < Messages; i++)
        {
            pending.Add(harness.Js.PublishAsync(harness.Channel.Subject, Encoding.UTF8.GetBytes(DispatcherHarness.Message($"gs-{i}")), serializer: NatsRawSerializer<byte[]>.Default));
        }

        foreach (var ack in pending)
        {
            (await ack).EnsureSuccess();
        }
    }
}
