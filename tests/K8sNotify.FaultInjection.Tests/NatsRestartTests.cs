using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>nats-server killed and restarted on the same port and file store mid-run: the dispatcher reconnects and nothing is lost.</summary>
public sealed class NatsRestartTests
{
    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task RestartNatsServer_MidRun_NothingLostAndEveryNotificationTerminal()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 600, soak: 10_000);
        await using var sink = await SmtpSink.StartAsync();
        var nats = await NatsServer.StartAsync(cancellationToken: ct);
        var (port, store) = (nats.Port, nats.StoreDirectory);
        using var channel = FaultChannel.WithSmtp(sink.Port);
        await using var dispatcher = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct);
        await using (var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url }))
        {
            await FaultChannel.PublishAsync(new NatsJSContext(client), Enumerable.Range(0, total).Select(i => FaultChannel.Good($"restart-{i}")), ct);
        }

        await Poll.UntilAsync(() => sink.Received.Count >= total / 5, "a fifth delivered before the restart", FaultChannel.Deadline(60), ct);
        await nats.KillAsync();
        var deliveredBeforeRestart = sink.Received.Count;
        await using var restarted = await NatsServer.StartAsync(port, store, ct);

        await using var reader = new NatsConnection(NatsOpts.Default with { Url = restarted.Url });
        var js = new NatsJSContext(reader);
        Dictionary<string, StatusRecord> status = [];
        await Poll.UntilAsync(
            async () =>
            {
                status = await FaultChannel.ReadStatusAsync(js, ct);
                return status.Count == total && status.Values.All(r => r.State.IsTerminal());
            },
            $"all {total} notifications terminal after the nats-server restart",
            FaultChannel.Deadline(180),
            ct);

        var copies = DispatcherKillTests.CopiesById(sink.Received);
        var lost = Enumerable.Range(0, total).Count(i => !copies.ContainsKey($"restart-{i}"));
        var duplicates = copies.Values.Sum(c => c - 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"nats-server restart: total {total}, delivered before {deliveredBeforeRestart}, lost {lost}, duplicates {duplicates}, terminal {status.Values.Count(r => r.State.IsTerminal())}");
        Assert.True(deliveredBeforeRestart < total, "the restart came after the run ended; nothing was tested");
        Assert.All(status.Values, r => Assert.Equal(NotificationState.Sent, r.State));
        Assert.Equal(0, lost);
        Assert.False(dispatcher.HasExited, dispatcher.Output);
    }
}
