using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

public sealed class DeliveryTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task DuplicatePublish_SameId_IsSentOnce()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        for (var i = 0; i < 3; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message("dup-1"));
        }

        await Poll.UntilAsync(
            () => harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Suppressed) == 2,
            "two duplicates suppressed",
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, provider.CallsFor("dup-1"));
        Assert.Equal(NotificationState.Sent, (await harness.StatusAsync("dup-1"))!.State);
    }

    [Fact]
    public async Task MsgIdHeader_IsTheIdempotencyKeyWhenTheBodyHasNoId()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync("""{"template":"welcome","to":"ada@example.com","data":{"name":"Ada"}}""", msgId: "hdr-1");

        await harness.WaitForStateAsync("hdr-1", NotificationState.Sent);
        Assert.Equal(1, provider.CallsFor("hdr-1"));
    }

    [Fact]
    public async Task SlowProvider_LongerThanTheAckWait_IsKeptAliveAndCalledOnce()
    {
        // The provider's latency is the scenario here (longer than the ack wait), not a synchronisation.
        var provider = new ScriptedProvider { During = (_, ct) => Task.Delay(TimeSpan.FromSeconds(2.5), ct) };
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            DispatcherHarness.NewDirectory(),
            s => s.AddSingletonProvider(provider),
            new Dictionary<string, string?> { ["PIPELINE:ACK_WAIT"] = "00:00:01", ["PIPELINE:IN_FLIGHT_RECHECK"] = "00:00:00.200" });

        await harness.PublishAsync(DispatcherHarness.Message("slow-1"));

        await harness.WaitForStateAsync("slow-1", NotificationState.Sent);
        var info = (await harness.Js.GetConsumerAsync(NatsNames.StreamName(harness.ChannelResource), NatsNames.ConsumerName, TestContext.Current.CancellationToken)).Info;
        Assert.Equal(0, info.NumRedelivered);
        Assert.Equal(1, provider.CallsFor("slow-1"));
        Assert.Equal(0, harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Suppressed));
    }

    [Fact]
    public async Task Redelivery_AfterTheOutcomeWasRecordedButTheAckWasLost_SendsOnce()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        var processor = harness.Services.GetRequiredService<NotificationProcessor>();
        var context = await harness.CreateContextAsync();
        var payload = System.Text.Encoding.UTF8.GetBytes(DispatcherHarness.Message("lost-ack-1"));

        var first = await processor.ProcessAsync(context, new IncomingMessage(channel.Subject, payload, null, 1, 7, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        var redelivery = await processor.ProcessAsync(context, new IncomingMessage(channel.Subject, payload, null, 2, 7, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);

        Assert.True(first.Ack);
        Assert.True(redelivery.Ack);
        Assert.Equal(1, provider.CallsFor("lost-ack-1"));
        Assert.Equal(1, harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Suppressed));
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithBackoff_UntilTheProviderAccepts()
    {
        var provider = new ScriptedProvider { Script = (_, call) => call <= 2 ? DeliveryResult.Transient("busy") : null };
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync(DispatcherHarness.Message("flaky-1"));

        await harness.WaitForStateAsync("flaky-1", NotificationState.Sent);
        var status = await harness.StatusAsync("flaky-1");
        Assert.Equal(3, status!.Attempts);
        Assert.Equal(3, provider.CallsFor("flaky-1"));
        Assert.Equal(3, Assert.Single(provider.Accepted).Attempt);
    }

    [Fact]
    public async Task TransientFailures_BeyondMaxAttempts_AreDeadLettered()
    {
        var provider = new ScriptedProvider { Script = (_, _) => DeliveryResult.Transient("connection refused") };
        var channel = new ChannelManifests { MaxAttempts = 3, Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync(DispatcherHarness.Message("doomed-1"));

        await harness.WaitForStateAsync("doomed-1", NotificationState.DeadLettered);
        var status = await harness.StatusAsync("doomed-1");
        Assert.Equal(3, status!.Attempts);
        Assert.Contains("gave up after 3 attempts: connection refused", status.Reason, StringComparison.Ordinal);
        var letter = Assert.Single(await harness.DeadLettersAsync());
        Assert.Contains("gave up after 3 attempts", letter.Headers[NatsNames.DeadLetterReasonHeader].ToString(), StringComparison.Ordinal);
        Assert.Equal(3, provider.CallsFor("doomed-1"));
        Assert.Equal(1, harness.Metrics.Outcomes("default", channel.Name, "p", Outcomes.DeadLettered));
    }

    [Fact]
    public async Task PermanentFailure_FailsOverToNobody_AndIsNotRetried()
    {
        var provider = new ScriptedProvider { Script = (_, _) => DeliveryResult.Permanent("mailbox does not exist") };
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync(DispatcherHarness.Message("perm-1"));

        await harness.WaitForStateAsync("perm-1", NotificationState.Failed);

        // The outcome is counted just after the status is recorded, so the counter is polled, not read once.
        await Poll.UntilAsync(
            () => harness.Metrics.Outcomes("default", channel.Name, "p", Outcomes.Failed) == 1,
            "failed outcome counted",
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, provider.CallsFor("perm-1"));
    }

    [Fact]
    public async Task Bulk_FansOutOnePerRecipient_AndRetriesOnlyTheOnesThatFailed()
    {
        var provider = new ScriptedProvider { Script = (n, call) => n.Recipient == "b@example.com" && call == 1 ? DeliveryResult.Transient("greylisted") : null };
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync("""{"id":"bulk-1","template":"welcome","to":["a@example.com","b@example.com","c@example.com"],"data":{"name":"All"}}""");

        foreach (var i in new[] { 0, 1, 2 })
        {
            await harness.WaitForStateAsync($"bulk-1:{i}", NotificationState.Sent);
        }

        Assert.Equal((1, 2, 1), (provider.CallsFor("bulk-1:0"), provider.CallsFor("bulk-1:1"), provider.CallsFor("bulk-1:2")));
    }

    [Fact]
    public async Task SendAt_InTheFuture_IsScheduledAndSentWithinASecondOfItsTime()
    {
        var sentAt = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
        var provider = new ScriptedProvider
        {
            During = (n, _) =>
            {
                sentAt[n.NotificationId] = DateTimeOffset.UtcNow;
                return Task.CompletedTask;
            },
        };
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        var due = DateTimeOffset.UtcNow.AddSeconds(3);

        await harness.PublishAsync(DispatcherHarness.Message("later-1", sendAt: due.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));

        await harness.WaitForStateAsync("later-1", NotificationState.Scheduled);
        await harness.WaitForStateAsync("later-1", NotificationState.Sent);
        Assert.InRange(sentAt["later-1"], due, due.AddSeconds(1));
    }
}
