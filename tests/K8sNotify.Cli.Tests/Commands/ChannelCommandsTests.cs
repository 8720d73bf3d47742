using System.Text.Json.Nodes;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Manifests;
using K8sNotify.Cli.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Cli.Tests.Commands;

/// <summary>send, status, history and dlq against a real nats-server and a real dispatcher.</summary>
[Collection(CliCollection.Name)]
public sealed class ChannelCommandsTests(CliFixture fixture)
{
    private const string Data = """{"name": "Ada", "order": 42}""";

    [Fact]
    public async Task Send_ReachableRecipient_PrintsTheSentRecordAndExitsZero()
    {
        var id = NewId();

        var run = await Cli("send", "--to", "ada@example.com", "--data", Data, "--id", id);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"id: {id}", run.Output, StringComparison.Ordinal);
        Assert.Contains("state: sent", run.Output, StringComparison.Ordinal);
        Assert.Contains("provider: hook", run.Output, StringComparison.Ordinal);
        Assert.Contains($"published {id} to {fixture.Channel.Subject}", run.Error, StringComparison.Ordinal);
        Assert.Contains(fixture.Webhook.Accepted, body => body.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_SentNotification_PrintsItsRecordAsJson()
    {
        var id = await SendAsync("grace@example.com");

        var run = await Cli("status", id, "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var record = JsonNode.Parse(run.Output)!;
        Assert.Equal(id, record["id"]!.GetValue<string>());
        Assert.Equal("sent", record["state"]!.GetValue<string>());
        Assert.Equal("grace@example.com", record["recipient"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_UnknownId_ExitsOneNamingTheChannel()
    {
        var run = await Cli("status", "never-sent");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"no status record for 'never-sent' in Channel default/{fixture.Channel.Name}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_SentNotification_ListsEachTransitionInOrder()
    {
        var id = await SendAsync("linus@example.com");

        var run = await Cli("history", id, "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var transitions = JsonNode.Parse(run.Output)!.AsArray();
        var states = transitions.Select(t => t!["record"]!["state"]!.GetValue<string>()).ToList();
        Assert.True(states.Count >= 2 && states[^1] == "sent", string.Join(" → ", states));
        Assert.All(states[..^1], state => Assert.Contains(state, (string[])["accepted", "sending"]));
        var revisions = transitions.Select(t => t!["revision"]!.GetValue<ulong>()).ToList();
        Assert.Equal(revisions.Order().Distinct(), revisions);
        var times = transitions.Select(t => DateTimeOffset.Parse(t!["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task DeadLetter_ReplayAfterTheReceiverRecovers_IsSentOnceAndRecordedInTheHistory()
    {
        var id = NewId();
        var recipient = $"{id}@example.com";
        fixture.Webhook.Refused[recipient] = true;

        var send = await Cli("send", "--to", recipient, "--data", Data, "--id", id);
        Assert.True(send.ExitCode == 3, send.ToString());
        Assert.Contains("state: dead_lettered", send.Output, StringComparison.Ordinal);

        var list = await Cli("dlq", "list", "--output", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var letter = Assert.Single(list.Output.Length == 0 ? [] : JsonNode.Parse(list.Output)!.AsArray(), l => l!["notification"]?.GetValue<string>() == id)!;
        Assert.Equal("dead_lettered", letter["state"]!.GetValue<string>());
        Assert.Contains("gave up after 1 attempts", letter["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var sequence = letter["sequence"]!.GetValue<ulong>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var show = await Cli("dlq", "show", sequence);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"notification: {id}", show.Output, StringComparison.Ordinal);
        Assert.Contains("reason: gave up after 1 attempts", show.Output, StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{id}\"", show.Output, StringComparison.Ordinal);

        fixture.Webhook.Refused.TryRemove(recipient, out _);
        var replay = await Cli("dlq", "replay", sequence);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains($"(notification {id}) to {fixture.Channel.Subject}", replay.Output, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await Cli("status", id)).Output.Contains("state: sent", StringComparison.Ordinal), $"{id} sent after the replay", cancellationToken: TestContext.Current.CancellationToken);

        var again = await Cli("dlq", "replay", sequence);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"notification {id} is sent, not dead_lettered", again.Error, StringComparison.Ordinal);

        var history = await Cli("history", id, "--output", "json");
        var transitions = JsonNode.Parse(history.Output)!.AsArray().Select(t => t!["record"]!).ToList();
        var states = transitions.Select(t => t["state"]!.GetValue<string>()).ToList();
        var deadLettered = states.IndexOf("dead_lettered");
        var replayed = states.IndexOf("accepted", Math.Max(deadLettered, 0));
        Assert.True(deadLettered >= 0 && replayed > deadLettered && states[^1] == "sent" && states.Count(s => s == "sent") == 1, string.Join(" → ", states));
        Assert.StartsWith("replayed from dead letter", transitions[replayed]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(fixture.Webhook.Accepted, body => body.Contains(id, StringComparison.Ordinal));

        var after = await Cli("dlq", "list");
        Assert.Contains(id, after.Output, StringComparison.Ordinal);
        Assert.Matches($@"\b{id}\s+sent\s", after.Output);
    }

    [Fact]
    public async Task Send_DataAgainstTheDataSchema_ExitsThreeWithTheDeadLetterReason()
    {
        var run = await Cli("send", "--to", "ada@example.com", "--data", """{"order": 42}""");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("state: dead_lettered", run.Output, StringComparison.Ordinal);
        Assert.Contains("reason: invalid message: data does not match the dataSchema of template 'welcome'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoDispatcherConsuming_ExitsFourAfterTheTimeout()
    {
        var idle = new ChannelManifests { Providers = [] };
        var folder = idle.WriteTo(Directory.CreateTempSubdirectory("k8snotify-idle-").FullName);
        var channel = ManifestReader.ReadDirectory(folder).Channels.Single();
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = fixture.Nats.Url });
        var js = new NatsJSContext(connection);
        await js.CreateStreamAsync(ChannelJetStream.Stream(channel), TestContext.Current.CancellationToken);
        await new NatsKVContext(js).CreateStoreAsync(ChannelJetStream.StatusBucket(channel, TimeSpan.FromHours(1)), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("send", "--manifests", folder, "--nats", fixture.Nats.Url, "--to", "ada@example.com", "--timeout", "1s");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("within 1s: is a dispatcher running for Channel default/" + idle.Name, run.Error, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task DeadLetter_UnreadableMessage_IsReplayedOnlyWithForce()
    {
        var marker = "not json " + Guid.NewGuid().ToString("N");
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = fixture.Nats.Url });
        var ack = await new NatsJSContext(connection).PublishAsync(fixture.Channel.Subject, System.Text.Encoding.UTF8.GetBytes(marker), cancellationToken: TestContext.Current.CancellationToken);
        ack.EnsureSuccess();
        var sequences = new List<string>();
        await Poll.UntilAsync(
            async () =>
            {
                sequences = await UnreadableDeadLettersAsync(marker);
                return sequences.Count == 1;
            },
            "the unreadable message in the dead-letter stream",
            cancellationToken: TestContext.Current.CancellationToken);

        var refused = await Cli("dlq", "replay", sequences[0]);
        var forced = await Cli("dlq", "replay", sequences[0], "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("names no notification", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        await Poll.UntilAsync(async () => (await UnreadableDeadLettersAsync(marker)).Count == 2, "the replayed message dead-lettered again", cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DeadLetter_ShowUnknownSequence_ExitsOne()
    {
        var run = await Cli("dlq", "show", "999999");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no dead letter 999999", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnreachableNats_ExitsOneWithoutTheUrlsPassword()
    {
        var run = await CliRun.InvokeAsync("send", "--manifests", fixture.ManifestDirectory, "--to", "ada@example.com", "--nats", "nats://user:hunter2@127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot connect to NATS at nats://127.0.0.1:1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunProcess_Status_PrintsTheRecordFromARealChildProcess()
    {
        var id = await SendAsync("ken@example.com");

        var run = await CliRun.RunProcessAsync(["status", id, .. fixture.Standalone]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("state: sent", run.Output, StringComparison.Ordinal);
    }

    // The dead letters without a notification id whose message is the marker (dlq show prints the message).
    private async Task<List<string>> UnreadableDeadLettersAsync(string marker)
    {
        var list = await Cli("dlq", "list", "--output", "json");
        var found = new List<string>();
        foreach (var letter in list.Output.Length == 0 ? [] : JsonNode.Parse(list.Output)!.AsArray())
        {
            var sequence = letter!["sequence"]!.GetValue<ulong>().ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (letter["notification"] is null && (await Cli("dlq", "show", sequence)).Output.Contains(marker, StringComparison.Ordinal))
            {
                found.Add(sequence);
            }
        }

        return found;
    }

    private static string NewId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private Task<CliRun> Cli(params string[] args) => CliRun.InvokeAsync([.. args, .. fixture.Standalone]);

    private async Task<string> SendAsync(string recipient)
    {
        var id = NewId();
        var run = await Cli("send", "--to", recipient, "--data", Data, "--id", id);
        Assert.True(run.ExitCode == 0, run.ToString());
        return id;
    }
}
