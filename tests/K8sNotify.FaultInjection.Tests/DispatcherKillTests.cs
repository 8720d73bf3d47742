using System.Text.RegularExpressions;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>kill -9 of a dispatcher in the middle of a run, then a new one: nothing lost, duplicates bounded by what was in flight.</summary>
public sealed partial class DispatcherKillTests
{
    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task KillDispatcher_MidRun_NewDispatcherFinishesWithNothingLostAndDuplicatesAtMostInFlight()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 600, soak: 10_000);
        await using var sink = await SmtpSink.StartAsync();
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);
        using var channel = FaultChannel.WithSmtp(sink.Port);
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);

        var first = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct);
        await FaultChannel.PublishAsync(js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"kill-{i}")), ct);
        await Poll.UntilAsync(() => sink.Received.Count >= total / 5, "a fifth delivered before the kill", FaultChannel.Deadline(60), ct);

        await first.KillAsync();
        var consumer = await js.GetConsumerAsync(FaultChannel.Stream, NatsNames.ConsumerName, ct);
        var inFlight = (long)consumer.Info.NumAckPending;
        var deliveredBeforeKill = sink.Received.Count;
        Assert.True(deliveredBeforeKill < total, "the kill came after the run ended; nothing was tested");

        await using var second = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct);
        Dictionary<string, StatusRecord> status = [];
        await Poll.UntilAsync(
            async () =>
            {
                status = await FaultChannel.ReadStatusAsync(js, ct);
                return status.Count == total && status.Values.All(r => r.State.IsTerminal());
            },
            $"all {total} notifications terminal after the restart",
            FaultChannel.Deadline(150),
            ct).ContinueWith(
                t =>
                {
                    if (t.IsFaulted)
                    {
                        var states = string.Join(", ", status.Values.GroupBy(r => r.State).Select(g => $"{g.Key} {g.Count()}"));
                        Assert.Fail($"{t.Exception!.InnerException!.Message}; records {status.Count}/{total} ({states}); in flight at kill {inFlight}; mails {sink.Received.Count}; exited {second.HasExited}\n{second.Output[^Math.Min(4000, second.Output.Length)..]}");
                    }
                },
                TaskScheduler.Default);

        var copies = CopiesById(sink.Received);
        var lost = Enumerable.Range(0, total).Count(i => !copies.ContainsKey($"kill-{i}"));
        var duplicates = copies.Values.Sum(c => c - 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"kill -9: total {total}, delivered before kill {deliveredBeforeKill}, in flight {inFlight}, lost {lost}, duplicates {duplicates}, terminal {status.Values.Count(r => r.State.IsTerminal())}");
        Assert.All(status.Values, r => Assert.Equal(NotificationState.Sent, r.State));
        Assert.Equal(0, lost);
        Assert.InRange((long)duplicates, 0L, inFlight);
        Assert.False(second.HasExited);
    }

    internal static Dictionary<string, int> CopiesById(IEnumerable<ReceivedMail> mails)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var mail in mails)
        {
            if (Ref().Match(mail.Message.TextBody ?? string.Empty) is { Success: true } match)
            {
                copies[match.Groups[1].Value] = copies.GetValueOrDefault(match.Groups[1].Value) + 1;
            }
        }

        return copies;
    }

    [GeneratedRegex(@"ref=([A-Za-z0-9\-]+);")]
    private static partial Regex Ref();
}
