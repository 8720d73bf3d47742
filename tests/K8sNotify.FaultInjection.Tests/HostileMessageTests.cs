using System.Text;
using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>A flood of malformed and hostile messages interleaved with good ones: good ones sent, bad ones dead-lettered with a reason, no header injection, no crash.</summary>
public sealed class HostileMessageTests
{
    private const string Injection = "Eve\r\nBcc: victim@evil.example\r\nX-Injected: yes";

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task Flood_MalformedAndHostileInterleavedWithGood_GoodSentBadDeadLetteredNoInjectionNoCrash()
    {
        var ct = TestContext.Current.CancellationToken;
        var bad = FaultChannel.Scale(ci: 240, soak: 10_000);
        await using var sink = await SmtpSink.StartAsync();
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);
        using var channel = FaultChannel.WithSmtp(sink.Port);
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);
        await using var dispatcher = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, ct);

        var messages = new List<byte[]>();
        var goodIds = new List<string>();
        var mustDeadLetter = new List<string>();
        var anonymousBad = 0;
        var hostileValid = new List<string>();
        for (var i = 0; i < bad; i++)
        {
            if (i % 2 == 0)
            {
                goodIds.Add($"good-{i}");
                messages.Add(FaultChannel.Good($"good-{i}"));
            }

            var id = $"bad-{i}";
            switch (i % 8)
            {
                case 0:
                    anonymousBad++;
                    messages.Add(Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"template\":"));
                    break;
                case 1:
                    anonymousBad++;
                    messages.Add([0xff, 0xfe, 0x00, 0x01, (byte)'<', (byte)'x']);
                    break;
                case 2:
                    mustDeadLetter.Add(id);
                    messages.Add(Json(id, "no-such-template", "ada@example.com", "{\"name\":\"Ada\",\"ref\":\"" + id + "\"}"));
                    break;
                case 3:
                    mustDeadLetter.Add(id);
                    messages.Add(Json(id, "welcome", "ada@example.com\r\nRCPT TO:<evil@evil.example>", "{\"name\":\"Ada\",\"ref\":\"" + id + "\"}"));
                    break;
                case 4:
                    mustDeadLetter.Add(id);
                    messages.Add(Json(id, "welcome", "not-an-address", "{\"name\":\"Ada\",\"ref\":\"" + id + "\"}"));
                    break;
                case 5:
                    mustDeadLetter.Add(id);
                    messages.Add(Json(id, "welcome", "ada@example.com", "{\"ref\":\"" + id + "\"}"));
                    break;
                case 6:
                    hostileValid.Add(id);
                    messages.Add(Json(id, "welcome", "ada@example.com", "{\"name\":" + System.Text.Json.JsonSerializer.Serialize(Injection) + ",\"ref\":\"" + id + "\"}"));
                    break;
                default:
                    hostileValid.Add(id);
                    var huge = new string('x', 200_000);
                    messages.Add(Json(id, "welcome", "ada@example.com", "{\"name\":\"<script>alert(1)</script>" + huge + "\",\"ref\":\"" + id + "\"}"));
                    break;
            }
        }

        await FaultChannel.PublishAsync(js, messages, ct);

        var withId = goodIds.Concat(mustDeadLetter).Concat(hostileValid).ToList();
        Dictionary<string, StatusRecord> status = [];
        await Poll.UntilAsync(
            async () =>
            {
                status = await FaultChannel.ReadStatusAsync(js, ct);
                return withId.All(id => status.TryGetValue(id, out var r) && r.State.IsTerminal())
                    && await FaultChannel.DeadLetterCountAsync(js, ct) >= (ulong)(anonymousBad + mustDeadLetter.Count);
            },
            "every message with an id terminal and every bad message dead-lettered",
            FaultChannel.Deadline(180),
            ct).ContinueWith(
                async t =>
                {
                    if (t.IsFaulted)
                    {
                        var dead = await FaultChannel.DeadLetterCountAsync(js, CancellationToken.None);
                        var missing = withId.Where(id => !status.TryGetValue(id, out var r) || !r.State.IsTerminal()).Select(id => id + ":" + (status.TryGetValue(id, out var r) ? r.State.ToString() : "none")).Take(20);
                        Assert.Fail($"{t.Exception!.InnerException!.Message}; dead letters {dead}/{anonymousBad + mustDeadLetter.Count}; not terminal: {string.Join(", ", missing)}; exited {dispatcher.HasExited}\n{dispatcher.Output[^Math.Min(4000, dispatcher.Output.Length)..]}");
                    }
                },
                TaskScheduler.Default).Unwrap();

        var copies = DispatcherKillTests.CopiesById(sink.Received);
        Assert.All(goodIds, id => Assert.Equal(NotificationState.Sent, status[id].State));
        Assert.All(goodIds, id => Assert.Equal(1, copies.GetValueOrDefault(id)));
        Assert.All(mustDeadLetter, id =>
        {
            Assert.Equal(NotificationState.DeadLettered, status[id].State);
            Assert.False(string.IsNullOrWhiteSpace(status[id].Reason));
            Assert.False(copies.ContainsKey(id), $"{id} reached the SMTP server");
        });

        var reasons = await FaultChannel.DeadLetterReasonsAsync(js, ct);
        Assert.True(reasons.Count >= anonymousBad + mustDeadLetter.Count, $"{reasons.Count} dead letters");
        Assert.All(reasons, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));

        // What reached the SMTP server: one envelope recipient, no header a message's data tried to add.
        Assert.All(sink.Received, mail =>
        {
            Assert.Equal(["ada@example.com"], mail.EnvelopeTo);
            Assert.DoesNotContain(mail.Message.Headers, h => h.Field.Equals("X-Injected", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("<script>", mail.Message.HtmlBody ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        });
        TestContext.Current.TestOutputHelper?.WriteLine($"hostile flood: good {goodIds.Count} (sent {goodIds.Count(id => status[id].State == NotificationState.Sent)}), bad {bad} (dead letters {reasons.Count}), hostile-but-valid terminal {hostileValid.Count(id => status[id].State.IsTerminal())}, mails {sink.Received.Count}");
        Assert.False(dispatcher.HasExited, dispatcher.Output);
    }

    private static byte[] Json(string id, string template, string to, string data) =>
        Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"template\":\"" + template + "\",\"to\":" + System.Text.Json.JsonSerializer.Serialize(to) + ",\"data\":" + data + "}");
}
