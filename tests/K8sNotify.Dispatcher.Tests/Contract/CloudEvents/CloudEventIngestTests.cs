using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Tests.Contract.CloudEvents;

/// <summary>CloudEvents published to a Channel's subject on a real nats-server: both modes delivered, invalid ones dead-lettered.</summary>
public sealed class CloudEventIngestTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task Publish_StructuredAndBinaryAccepted_InvalidDeadLetteredWithReason()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        var ct = TestContext.Current.CancellationToken;
        const string data = """{"template":"welcome","to":"ada@example.com","data":{"name":"Ada","order":42}}""";

        await PublishAsync(harness, $$"""{"specversion":"1.0","id":"ce-structured-1","source":"/shop","type":"com.example.welcome","datacontenttype":"application/json","data":{{data}}}""",
            new NatsHeaders { ["Content-Type"] = "application/cloudevents+json" }, ct);
        await PublishAsync(harness, data, new NatsHeaders
        {
            ["ce-specversion"] = "1.0", ["ce-id"] = "ce-binary-1", ["ce-source"] = "/shop", ["ce-type"] = "com.example.welcome", ["Content-Type"] = "application/json",
        }, ct);
        const string invalid = """{"specversion":"1.0","source":"/shop","type":"com.example.welcome","data":{}}""";
        await PublishAsync(harness, invalid, new NatsHeaders { ["Content-Type"] = "application/cloudevents+json" }, ct);

        await harness.WaitForStateAsync("ce-structured-1", NotificationState.Sent);
        await harness.WaitForStateAsync("ce-binary-1", NotificationState.Sent);
        IReadOnlyList<(NatsHeaders Headers, string Payload)> letters = [];
        await Poll.UntilAsync(async () => (letters = await harness.DeadLettersAsync()).Count == 1, "the invalid CloudEvent dead-lettered", cancellationToken: ct);
        var letter = Assert.Single(letters);
        Assert.Equal(invalid, letter.Payload);
        var reason = letter.Headers[NatsNames.DeadLetterReasonHeader].ToString();
        Assert.StartsWith("invalid message: invalid structured CloudEvent: ", reason, StringComparison.Ordinal);
        Assert.Contains("id", reason[48..], StringComparison.Ordinal);
        Assert.Equal(2, provider.Accepted.Count);
    }

    private static async Task PublishAsync(DispatcherHarness harness, string body, NatsHeaders headers, CancellationToken ct)
    {
        var ack = await harness.Js.PublishAsync(harness.Channel.Subject, Encoding.UTF8.GetBytes(body), headers: headers, cancellationToken: ct);
        ack.EnsureSuccess();
    }
}
