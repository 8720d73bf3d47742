using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Tests.Contract;

public sealed class InvalidMessageTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task InvalidMessages_AreDeadLetteredWithReason_WhileInterleavedValidOnesAreDelivered()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        var invalid = new (string Payload, string Reason)[]
        {
            ("""{"id":"bad-json","template":"welcome",""", "malformed JSON"),
            ("""{"template":"welcome","to":"ada@example.com","data":{"name":"Ada"}}""", "missing field 'id'"),
            ("""{"id":"no-to","template":"welcome","data":{"name":"Ada"}}""", "missing field 'to'"),
            ("""{"id":"no-template","to":"ada@example.com","data":{"name":"Ada"}}""", "missing field 'template'"),
            (DispatcherHarness.Message("unknown-template").Replace("\"welcome\"", "\"nope\"", StringComparison.Ordinal), "unknown template 'nope'"),
            (DispatcherHarness.Message("bad-data", data: """{"order":"x"}"""), "does not match the dataSchema"),
            (DispatcherHarness.Message("bad-address", to: "not an address"), "not an RFC 5322 email address"),
            ("""{"id":"bad-bulk","template":"welcome","to":["ok@example.com","a@b@c"],"data":{"name":"Ada"}}""", "to[1]: recipient is not an RFC 5322"),
            ("[1,2]", "must be a JSON object"),
        };

        var n = 0;
        foreach (var (payload, _) in invalid)
        {
            await harness.PublishAsync(payload);
            await harness.PublishAsync(DispatcherHarness.Message($"valid-{n++}"));
        }

        await Poll.UntilAsync(() => provider.Accepted.Count == invalid.Length, "valid messages sent", cancellationToken: TestContext.Current.CancellationToken);
        IReadOnlyList<(NATS.Client.Core.NatsHeaders Headers, string Payload)> letters = [];
        await Poll.UntilAsync(
            async () => (letters = await harness.DeadLettersAsync()).Count == invalid.Length,
            "every invalid message dead-lettered",
            cancellationToken: TestContext.Current.CancellationToken);

        foreach (var (payload, reason) in invalid)
        {
            var letter = Assert.Single(letters, l => l.Payload == payload);
            Assert.Contains(reason, letter.Headers[NatsNames.DeadLetterReasonHeader].ToString(), StringComparison.Ordinal);
            Assert.Equal(channel.Subject, letter.Headers[NatsNames.DeadLetterOriginalSubjectHeader].ToString());
        }

        Assert.Equal(invalid.Length, harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Invalid));
        var status = await harness.StatusAsync("bad-data");
        Assert.Equal(NotificationState.DeadLettered, status!.State);
        Assert.Contains("dataSchema", status.Reason, StringComparison.Ordinal);
        Assert.Equal(0, provider.CallsFor("bad-bulk:0"));
    }

    [Fact]
    public async Task InvalidDuplicate_DoesNotOverwriteTheStatusOfASentNotification()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        await harness.PublishAsync(DispatcherHarness.Message("same"));
        await harness.WaitForStateAsync("same", NotificationState.Sent);

        await harness.PublishAsync(DispatcherHarness.Message("same", data: """{"order":"x"}"""));

        await Poll.UntilAsync(async () => (await harness.DeadLettersAsync()).Count == 1, "dead letter", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(NotificationState.Sent, (await harness.StatusAsync("same"))!.State);
    }

    [Fact]
    public async Task StrictDecoding_BrokenBodies_AreDeadLetteredOnFirstDeliveryWithTheReason()
    {
        var provider = new ScriptedProvider();
        var logs = new TestDoubles.CapturingLoggerProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider).AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var cases = new (byte[] Payload, string Reason)[]
        {
            ([.. "{\"id\":\"utf8-"u8, 0xFF, .. "\",\"template\":\"welcome\",\"to\":\"ada@example.com\"}"u8], "not valid UTF-8"),
            (Encoding.UTF8.GetBytes(DispatcherHarness.Message("overflow", data: """{"name":"Ada","order":1e999}""")), "data.order: the number does not fit"),
            (Encoding.UTF8.GetBytes(DispatcherHarness.Message("huge", data: """{"name":"Ada","order":""" + "1" + new string('0', 4999) + "}")), "data.order: the number does not fit"),
            (Encoding.UTF8.GetBytes(DispatcherHarness.Message("dup-data", data: """{"name":"Ada","name":"Bob"}""")), "data.name: duplicate key 'name'"),
            (Encoding.UTF8.GetBytes("""{"id":"dup-top","template":"welcome","template":"other","to":"ada@example.com"}"""), "template: duplicate key 'template'"),
            (Encoding.UTF8.GetBytes(DispatcherHarness.Message("surrogate", data: """{"name":"\ud800"}""")), "data.name: the string contains a lone surrogate"),
            (Encoding.UTF8.GetBytes(DispatcherHarness.Message("slashes", sendAt: "01/02/2031")), "RFC 3339"),
        };

        var n = 0;
        foreach (var (payload, _) in cases)
        {
            (await harness.Js.PublishAsync(channel.Subject, payload, cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess();
            await harness.PublishAsync(DispatcherHarness.Message($"strict-valid-{n++}"));
        }

        await Poll.UntilAsync(() => provider.Accepted.Count == cases.Length, "valid messages sent", cancellationToken: TestContext.Current.CancellationToken);
        IReadOnlyList<(NATS.Client.Core.NatsHeaders Headers, string Payload)> letters = [];
        await Poll.UntilAsync(
            async () => (letters = await harness.DeadLettersAsync()).Count == cases.Length,
            "every broken message dead-lettered",
            cancellationToken: TestContext.Current.CancellationToken);

        var reasons = letters.Select(l => l.Headers[NatsNames.DeadLetterReasonHeader].ToString()).ToList();
        foreach (var (_, reason) in cases)
        {
            Assert.Equal(
                cases.Count(c => c.Reason == reason),
                reasons.Count(r => r.StartsWith("invalid message: ", StringComparison.Ordinal) && r.Contains(reason, StringComparison.Ordinal)));
        }

        Assert.Equal(NotificationState.DeadLettered, (await harness.StatusAsync("dup-data"))!.State);
        Assert.Equal(cases.Length, harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Invalid));

        // Refused by the decoder, not by an exception: nothing was retried.
        Assert.DoesNotContain(logs.Entries, e => e.Contains("[1200]", StringComparison.Ordinal));
    }
}
