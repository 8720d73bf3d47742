using System.Globalization;
using System.Text;
using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>
/// Far-future schedules and poison messages in front of good ones: the good ones go out within seconds, the scheduled
/// ones at their time, the poison ones to the dead-letter stream with reasons, and nothing is left non-terminal.
/// </summary>
public sealed class SchedulingFloodTests
{
    private const int Scheduled = 10_000;
    private const int Poison = 10_000;
    private const int Good = 100;

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task Flood_ScheduledAndPoisonBeforeGood_GoodSentPromptlyScheduledOnTimePoisonDeadLettered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await SmtpSink.StartAsync();
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);
        using var channel = FaultChannel.WithSmtp(sink.Port, concurrency: 64);
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);
        await using var dispatcher = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct, new Dictionary<string, string>
        {
            ["K8SNOTIFY_PIPELINE__PARK_THRESHOLD"] = "00:00:01",
            ["K8SNOTIFY_PIPELINE__PARK_TICK"] = "00:00:00.250",
        });

        // "Far ahead" on a shortened clock: due well after everything below is published and processed.
        var due = DateTimeOffset.UtcNow.AddSeconds(150);
        var sendAt = due.ToString("O", CultureInfo.InvariantCulture);
        await FaultChannel.PublishAsync(js, Enumerable.Range(0, Scheduled).Select(i => Message($"later-{i}", sendAt)), ct);
        await FaultChannel.PublishAsync(js, Enumerable.Range(0, Poison).Select(i => Encoding.UTF8.GetBytes("{\"poison\":" + i + ",\"template\":")), ct);
        await FaultChannel.PublishAsync(js, Enumerable.Range(0, Good).Select(i => FaultChannel.Good($"good-{i}")), ct);

        Dictionary<string, StatusRecord> status = [];
        await Poll.UntilAsync(
            async () => (status = await LatestStatusAsync(js, ct)).Count(r => r.Key.StartsWith("good-", StringComparison.Ordinal) && r.Value.State == NotificationState.Sent) == Good,
            "every good notification sent",
            FaultChannel.Deadline(140),
            ct).ContinueWith(t => Diagnose(t, status, dispatcher), TaskScheduler.Default);
        var goodLatency = status.Where(r => r.Key.StartsWith("good-", StringComparison.Ordinal)).Max(r => r.Value.SentAt!.Value - r.Value.PublishedAt!.Value);
        if (DateTimeOffset.UtcNow < due)
        {
            Assert.All(status.Where(r => r.Key.StartsWith("later-", StringComparison.Ordinal)), r => Assert.Equal(NotificationState.Scheduled, r.Value.State));
        }

        await Poll.UntilAsync(
            async () => (status = await LatestStatusAsync(js, ct)).Values.All(r => r.State.IsTerminal()) && status.Count == Scheduled + Good,
            "every notification terminal",
            FaultChannel.Deadline(600),
            ct).ContinueWith(t => Diagnose(t, status, dispatcher), TaskScheduler.Default);
        var scheduled = status.Where(r => r.Key.StartsWith("later-", StringComparison.Ordinal)).Select(r => r.Value).ToList();
        Assert.All(scheduled, r => Assert.Equal(NotificationState.Sent, r.State));
        Assert.All(scheduled, r => Assert.True(r.SentAt >= due, $"{r.Id} sent at {r.SentAt:O}, before its sendAt {sendAt}"));
        var lateness = scheduled.Max(r => r.SentAt!.Value - due);

        var reasons = await FaultChannel.DeadLetterReasonsAsync(js, ct);
        Assert.Equal(Poison, reasons.Count);
        Assert.All(reasons, reason => Assert.StartsWith("invalid message:", reason, StringComparison.Ordinal));
        Assert.Equal(Scheduled + Good, DispatcherKillTests.CopiesById(sink.Received).Count);

        TestContext.Current.TestOutputHelper?.WriteLine($"flood: slowest good notification {goodLatency.TotalSeconds:F2} s after publish; last scheduled one {lateness.TotalSeconds:F2} s after its sendAt; {reasons.Count} dead letters");

        // Meaningful but not a stopwatch: a Channel stalled by waiting messages never sends the good ones (their ack-pending
        // slots are taken until the schedule is due); a healthy one sends them within seconds on a quiet machine. The bound
        // leaves room for a loaded CI machine draining 20,000 messages published ahead of them.
        Assert.True(goodLatency < TimeSpan.FromSeconds(120), $"slowest good notification took {goodLatency.TotalSeconds:F1} s");
        Assert.False(dispatcher.HasExited, dispatcher.Output);
    }

    private static void Diagnose(Task poll, Dictionary<string, StatusRecord> status, DispatcherChildProcess dispatcher)
    {
        if (poll.IsFaulted)
        {
            var states = string.Join(", ", status.Values.GroupBy(r => r.State).Select(g => $"{g.Key}: {g.Count()}"));
            Assert.Fail($"{poll.Exception!.InnerException!.Message}; {status.Count} records ({states}); exited {dispatcher.HasExited}\n{dispatcher.Output[^Math.Min(4000, dispatcher.Output.Length)..]}");
        }
    }

    private static byte[] Message(string id, string sendAt) =>
        Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"template\":\"welcome\",\"to\":\"ada@example.com\",\"sendAt\":\"" + sendAt + "\",\"data\":{\"name\":\"Ada\",\"ref\":\"" + id + "\"}}");

    /// <summary>The latest record of every key, read in bulk from the bucket's stream in order (later revisions overwrite earlier ones; one pass, not one request per key).</summary>
    private static async Task<Dictionary<string, StatusRecord>> LatestStatusAsync(INatsJSContext js, CancellationToken ct)
    {
        var records = new Dictionary<string, StatusRecord>(StringComparer.Ordinal);
        var consumer = await js.CreateOrderedConsumerAsync("KV_" + FaultChannel.StatusBucket, new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, ct);
        int read;
        do
        {
            read = 0;
            await foreach (var msg in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 2000 }, NatsRawSerializer<byte[]>.Default, ct))
            {
                read++;
                if (msg.Data is { Length: > 0 } data && StatusJson.Deserialize(data) is { } record)
                {
                    records[record.Id] = record;
                }
            }
        }
        while (read > 0);

        return records;
    }
}
