using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>kill -9 of a dispatcher delivering to a webhook: the Idempotency-Key lets the receiver process each notification exactly once.</summary>
public sealed class WebhookKillTests
{
    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task KillDispatcher_MidRunAgainstWebhook_ReceiverProcessesEachNotificationOnceByIdempotencyKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 400, soak: 10_000);
        var started = DateTimeOffset.UtcNow;
        await using var receiver = await WebhookReceiver.StartAsync(ct);

        // A little latency per request so that the kill catches requests the receiver processed but the dispatcher never recorded.
        receiver.Respond("hook", WebhookReceiver.Slow(TimeSpan.FromMilliseconds(20)));
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);
        using var channel = FaultChannel.WithWebhooks([ChannelManifests.Webhook("hook", receiver.Url("hook"))]);
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);

        var first = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct);
        await FaultChannel.PublishAsync(js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"hook-{i}")), ct);
        await Poll.UntilAsync(() => receiver.Processed.Count >= total / 5, "a fifth processed before the kill", FaultChannel.Deadline(60), ct);

        await first.KillAsync();
        var consumer = await js.GetConsumerAsync(FaultChannel.Stream, NatsNames.ConsumerName, ct);
        var inFlight = (long)consumer.Info.NumAckPending;
        var processedBeforeKill = receiver.Processed.Count;
        Assert.True(processedBeforeKill < total, "the kill came after the run ended; nothing was tested");

        await using var second = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct);
        var status = await FaultOutcome.AllTerminalAsync(
            js, total, FaultChannel.Deadline(120), () => $"in flight at kill {inFlight}; processed {receiver.Processed.Count}; exited {second.HasExited}\n{FaultOutcome.Tail(second.Output)}", ct);

        var requests = receiver.Requests;
        var accepted = receiver.AcceptedCopiesById();
        var rawDuplicates = accepted.Values.Sum(c => c - 1);
        var processedIds = receiver.Processed.Values.ToList();
        var lost = Enumerable.Range(0, total).Count(i => !receiver.Processed.ContainsKey($"hook-{i}"));
        var keysPerId = requests.Where(r => r.NotificationId is not null).GroupBy(r => r.NotificationId!).ToDictionary(g => g.Key, g => g.Select(r => r.IdempotencyKey).Distinct().Count());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"webhook kill -9: total {total}, processed before kill {processedBeforeKill}, in flight {inFlight}, requests {requests.Count}, processed {receiver.Processed.Count}, lost {lost}, "
            + $"raw duplicates {rawDuplicates}, duplicates after Idempotency-Key dedup {processedIds.Count - processedIds.Distinct().Count()}, terminal {status.Values.Count(r => r.State.IsTerminal())}, {(DateTimeOffset.UtcNow - started).TotalSeconds:F1}s");

        Assert.All(status.Values, r => Assert.Equal(NotificationState.Sent, r.State));
        Assert.Equal(0, lost);

        // Deduplicated by key, each notification was processed once, and the key is the same on every copy of a notification.
        Assert.Equal(total, receiver.Processed.Count);
        Assert.Equal(processedIds.Count, processedIds.Distinct().Count());
        Assert.All(requests, r => Assert.Equal(r.NotificationId, r.IdempotencyKey));
        Assert.All(keysPerId.Values, n => Assert.Equal(1, n));
        Assert.InRange((long)rawDuplicates, 0L, inFlight);
        Assert.False(second.HasExited);
        await first.DisposeAsync();
    }
}
