using System.Globalization;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Operator.JetStream;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Tests.Scheduling;

/// <summary>Waiting notifications live in the park store, outside the work consumer, and are released when due.</summary>
public sealed class ParkingTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    // Waits over 1 s are parked, so the tests wait seconds, not minutes.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["PIPELINE:PARK_THRESHOLD"] = "00:00:01",
        ["PIPELINE:PARK_TICK"] = "00:00:00.250",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAt_LaterThanTheStreamMaxAge_IsParkedAndSentAtItsTime()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], ExtraSpecYaml = "  stream: {maxAge: 3s, duplicateWindow: 1s}\n" };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider), Settings);
        var due = DateTimeOffset.UtcNow.AddSeconds(6);

        await harness.PublishAsync(DispatcherHarness.Message("beyond-max-age", sendAt: due.ToString("O", CultureInfo.InvariantCulture)));

        await harness.WaitForStateAsync("beyond-max-age", NotificationState.Scheduled);
        Assert.Equal(due, (await harness.StatusAsync("beyond-max-age"))!.NextAttemptAt);
        await harness.WaitForStateAsync("beyond-max-age", NotificationState.Sent, TimeSpan.FromSeconds(30));
        var sent = (await harness.StatusAsync("beyond-max-age"))!;
        Assert.InRange(sent.SentAt!.Value, due, due.AddSeconds(3));
        Assert.Equal(1, provider.CallsFor("beyond-max-age"));
    }

    [Fact]
    public async Task SendAt_NeedingMoreHopsThanMaxAttempts_OnTheOperatorsConsumer_IsSent()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], MaxAttempts = 1 };
        var directory = DispatcherHarness.NewDirectory();
        channel.WriteTo(directory);
        var resource = K8sNotify.Api.Manifests.ManifestReader.ReadDirectory(directory).Channels[0];
        await using (var operatorConnection = new NatsConnection(NatsOpts.Default with { Url = nats.Url }))
        {
            await new JetStreamProvisioner(new NatsJSContext(operatorConnection)).EnsureAsync(resource, Ct);
        }

        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, directory, s => s.AddSingletonProvider(provider), Settings);
        var due = DateTimeOffset.UtcNow.AddSeconds(5);

        await harness.PublishAsync(DispatcherHarness.Message("many-hops", sendAt: due.ToString("O", CultureInfo.InvariantCulture)));

        await harness.WaitForStateAsync("many-hops", NotificationState.Sent, TimeSpan.FromSeconds(30));
        var consumer = await harness.Js.GetConsumerAsync(NatsNames.StreamName(resource), NatsNames.ConsumerName, Ct);
        Assert.Equal(ChannelJetStream.Consumer(resource).MaxDeliver, consumer.Info.Config.MaxDeliver);
        Assert.Equal(1, provider.CallsFor("many-hops"));
    }

    [Fact]
    public async Task FarFutureBulks_HoldNoAckPendingSlotAndLeaveTheChannelFree()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], Concurrency = 2 };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider), Settings);
        var sendAt = DateTimeOffset.UtcNow.AddDays(20).ToString("O", CultureInfo.InvariantCulture);

        for (var i = 0; i < 10; i++)
        {
            var to = string.Join(",", Enumerable.Range(0, 20).Select(r => $"\"r{r}@example.com\""));
            await harness.PublishAsync($"{{\"id\":\"far-{i}\",\"template\":\"welcome\",\"to\":[{to}],\"sendAt\":\"{sendAt}\",\"data\":{{\"name\":\"Ada\"}}}}");
        }

        for (var i = 0; i < 10; i++)
        {
            await harness.WaitForStateAsync($"far-{i}:19", NotificationState.Scheduled);
        }

        await harness.PublishAsync(DispatcherHarness.Message("now-1"));
        await harness.WaitForStateAsync("now-1", NotificationState.Sent);
        await Poll.UntilAsync(async () => await OutstandingAsync(harness) == (0, 0), "work consumer empty while 10 bulks wait", cancellationToken: Ct);
        var park = await harness.Js.GetStreamAsync(ChannelJetStream.ParkStreamName(harness.ChannelResource), cancellationToken: Ct);
        Assert.Equal(10L, (long)park.Info.State.Messages);
        Assert.Equal(1, provider.TotalCalls);
    }

    [Fact]
    public async Task SendAt_BeyondTheHorizon_IsDeadLetteredWithTheReason()
    {
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")], ExtraSpecYaml = "  scheduling: {horizon: 1d}\n" };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(new ScriptedProvider()), Settings);

        await harness.PublishAsync(DispatcherHarness.Message("too-far", sendAt: DateTimeOffset.UtcNow.AddDays(2).ToString("O", CultureInfo.InvariantCulture)));

        await harness.WaitForStateAsync("too-far", NotificationState.DeadLettered);
        Assert.Contains("beyond the Channel's scheduling horizon of 1d", (await harness.StatusAsync("too-far"))!.Reason, StringComparison.Ordinal);
        var letter = Assert.Single(await harness.DeadLettersAsync());
        Assert.Contains("horizon", letter.Headers[NatsNames.DeadLetterReasonHeader].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_WhileParked_IsNotReleasedAndNeverSent()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider), Settings);
        var due = DateTimeOffset.UtcNow.AddSeconds(3).ToString("O", CultureInfo.InvariantCulture);
        await harness.PublishAsync(DispatcherHarness.Message("cancel-parked", sendAt: due));
        await harness.PublishAsync(DispatcherHarness.Message("canary-parked", sendAt: due));
        await harness.WaitForStateAsync("cancel-parked", NotificationState.Scheduled);

        // What the cancel endpoint writes.
        var store = await StatusStoreAsync(harness);
        var entry = (await store.GetAsync("cancel-parked", Ct))!;
        Assert.NotNull(await store.TryWriteAsync(entry.Record with { State = NotificationState.Cancelled, NextAttemptAt = null }, entry.Revision, Ct));

        await harness.WaitForStateAsync("canary-parked", NotificationState.Sent, TimeSpan.FromSeconds(30));
        Assert.Equal(0, provider.CallsFor("cancel-parked"));
        Assert.Equal(NotificationState.Cancelled, (await harness.StatusAsync("cancel-parked"))!.State);
    }

    [Fact]
    public async Task StuckAudit_WaitingNotificationWhoseParkedMessageIsGone_IsDeadLetteredAndCounted()
    {
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        var settings = new Dictionary<string, string?>(Settings) { ["PIPELINE:STUCK_AUDIT_INTERVAL"] = "00:00:00.300", ["PIPELINE:STUCK_GRACE"] = "00:00:01" };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(new ScriptedProvider()), settings);
        var store = await StatusStoreAsync(harness);
        var past = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store.TryWriteAsync(
            new StatusRecord { Id = "lost-1", MessageId = "lost-1", Namespace = "default", Channel = channel.Name, State = NotificationState.Scheduled, CreatedAt = past, UpdatedAt = past, SendAt = past, NextAttemptAt = past },
            0,
            Ct);

        await harness.WaitForStateAsync("lost-1", NotificationState.DeadLettered);
        Assert.StartsWith("stuck: scheduled", (await harness.StatusAsync("lost-1"))!.Reason, StringComparison.Ordinal);
        var metrics = harness.Services.GetRequiredService<SchedulingMetrics>();
        await Poll.UntilAsync(() => metrics.Stuck("default", channel.Name) == 0, "the next audit finds nothing stuck", cancellationToken: Ct);
    }

    private static async Task<(ulong Pending, long AckPending)> OutstandingAsync(DispatcherHarness harness)
    {
        var consumer = await harness.Js.GetConsumerAsync(NatsNames.StreamName(harness.ChannelResource), NatsNames.ConsumerName);
        return (consumer.Info.NumPending, consumer.Info.NumAckPending);
    }

    private static async Task<ChannelStatusStore> StatusStoreAsync(DispatcherHarness harness)
    {
        var bucket = await new NatsKVContext(harness.Js).GetStoreAsync(NatsNames.StatusBucket(harness.ChannelResource), Ct);
        return new ChannelStatusStore(bucket, harness.Client, harness.ChannelResource);
    }
}
