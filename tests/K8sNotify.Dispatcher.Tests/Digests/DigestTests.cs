using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Digests;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Tests.Digests;

/// <summary>Digests end to end: real nats-server, a real SMTP server, and an injected clock that closes the window.</summary>
public sealed class DigestTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FiftyInOneWindow_OneMailListsAllFifty_EveryStatusPointsToIt()
    {
        await using var sink = await SmtpSink.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var channel = DigestManifests.Channel(ChannelManifests.Smtp("relay", sink.Port));
        await using var harness = await StartAsync(channel, DispatcherHarness.NewDirectory(), time);
        var ids = Enumerable.Range(1, 50).Select(i => $"fifty-{i}").ToList();

        foreach (var id in ids)
        {
            await harness.PublishAsync(DigestManifests.Message(id));
        }

        var digestId = await WaitAllDigestingAsync(harness, ids);
        Assert.Empty(sink.Received);

        time.Advance(Window + TimeSpan.FromSeconds(1));

        await WaitAllAsync(harness, ids, NotificationState.Sent);
        var mail = await SingleDigestMailAsync(harness, sink, ids[0]);
        Assert.Equal("50 alerts for p1", mail.Subject);
        var lines = mail.TextBody!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(ids.Select(id => $"[{id}] title of {id}").Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));

        foreach (var id in ids)
        {
            var record = (await harness.StatusAsync(id))!;
            Assert.Equal(digestId, record.DigestId);
            Assert.Equal("relay", record.Provider);
        }

        var digest = (await harness.StatusAsync(digestId))!;
        Assert.Equal(NotificationState.Sent, digest.State);
        Assert.Equal(50, digest.DigestItems);
        Assert.Equal(50, harness.Metrics.Outcomes("default", channel.Name, "relay", Outcomes.Sent));
    }

    [Fact]
    public async Task DispatcherRestartMidWindow_LosesNothing()
    {
        await using var sink = await SmtpSink.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var channel = DigestManifests.Channel(ChannelManifests.Smtp("relay", sink.Port));
        var directory = DispatcherHarness.NewDirectory();
        var before = Enumerable.Range(1, 25).Select(i => $"restart-{i}").ToList();
        var after = Enumerable.Range(26, 25).Select(i => $"restart-{i}").ToList();

        string digestId;
        await using (var first = await StartAsync(channel, directory, time))
        {
            foreach (var id in before)
            {
                await first.PublishAsync(DigestManifests.Message(id));
            }

            digestId = await WaitAllDigestingAsync(first, before);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        await using var second = await StartAsync(channel, directory, time);
        foreach (var id in after)
        {
            await second.PublishAsync(DigestManifests.Message(id));
        }

        Assert.Equal(digestId, await WaitAllDigestingAsync(second, after));
        Assert.Empty(sink.Received);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        await WaitAllAsync(second, [.. before, .. after], NotificationState.Sent);
        var mail = await SingleDigestMailAsync(second, sink, before[0]);
        Assert.Equal("50 alerts for p1", mail.Subject);
        Assert.All(before.Concat(after), id => Assert.Contains($"[{id}] ", mail.TextBody, StringComparison.Ordinal));
        Assert.Equal(50, (await second.StatusAsync(digestId))!.DigestItems);
    }

    [Fact]
    public async Task MaxItemsReached_ReleasedBeforeTheWindowCloses_NextItemsOpenANewDigest()
    {
        await using var sink = await SmtpSink.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var channel = DigestManifests.Channel(ChannelManifests.Smtp("relay", sink.Port), maxItems: 5);
        await using var harness = await StartAsync(channel, DispatcherHarness.NewDirectory(), time);
        var full = Enumerable.Range(1, 5).Select(i => $"full-{i}").ToList();

        await harness.PublishAsync(DigestManifests.Message("urgent-1", priority: "high"));
        await harness.WaitForStateAsync("urgent-1", NotificationState.Sent);
        Assert.Null((await harness.StatusAsync("urgent-1"))!.DigestId);
        foreach (var id in full)
        {
            await harness.PublishAsync(DigestManifests.Message(id));
        }

        // No time passes: the fifth item releases the digest.
        await WaitAllAsync(harness, full, NotificationState.Sent);
        await Poll.UntilAsync(() => Distinct(sink).Count == 2, "the urgent mail and one digest", cancellationToken: Cancel);
        var digest = Assert.Single(Distinct(sink), m => m.Subject == "5 alerts for p1");
        Assert.All(full, id => Assert.Contains($"[{id}] ", digest.TextBody, StringComparison.Ordinal));
        var firstDigest = (await harness.StatusAsync("full-1"))!.DigestId;

        await harness.PublishAsync(DigestManifests.Message("late-1"));
        await harness.PublishAsync(DigestManifests.Message("other-1", project: "p2"));
        var next = await WaitAllDigestingAsync(harness, ["late-1"]);
        Assert.NotEqual(firstDigest, next);
        await harness.WaitForStateAsync("other-1", NotificationState.Digesting);
        Assert.NotEqual(next, (await harness.StatusAsync("other-1"))!.DigestId);

        time.Advance(Window + TimeSpan.FromSeconds(1));
        await WaitAllAsync(harness, ["late-1", "other-1"], NotificationState.Sent);
        await Poll.UntilAsync(() => Distinct(sink).Count == 4, "a digest per project", cancellationToken: Cancel);
        Assert.Contains(Distinct(sink), m => m.Subject == "1 alerts for p2");
    }

    [Fact]
    public async Task DigestTemplateFailsToRender_DeadLetteredWithTheReason_EveryItemTerminal()
    {
        await using var sink = await SmtpSink.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var channel = DigestManifests.Channel(ChannelManifests.Smtp("relay", sink.Port), digestText: DigestManifests.RunawayText);
        await using var harness = await StartAsync(channel, DispatcherHarness.NewDirectory(), time);
        var ids = new List<string> { "broken-1", "broken-2", "broken-3" };
        foreach (var id in ids)
        {
            await harness.PublishAsync(DigestManifests.Message(id));
        }

        var digestId = await WaitAllDigestingAsync(harness, ids);
        time.Advance(Window + TimeSpan.FromSeconds(1));

        await WaitAllAsync(harness, ids, NotificationState.Failed);
        foreach (var id in ids)
        {
            var record = (await harness.StatusAsync(id))!;
            Assert.Equal(digestId, record.DigestId);
            Assert.Contains("did not render", record.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(NotificationState.Failed, (await harness.StatusAsync(digestId))!.State);
        var letter = Assert.Single(await harness.DeadLettersAsync());
        Assert.Contains("did not render", letter.Headers[NatsNames.DeadLetterReasonHeader].ToString(), StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Contains($"\"{id}\"", letter.Payload, StringComparison.Ordinal));
        Assert.Empty(sink.Received);
        Assert.Equal(3, harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Failed));
    }

    [Fact]
    public async Task ReplicaDiedAfterSendingBeforeCleanup_TakeoverRecordsTheOutcomeWithoutSendingAgain()
    {
        await using var sink = await SmtpSink.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var channel = DigestManifests.Channel(ChannelManifests.Smtp("relay", sink.Port));
        await using var harness = await StartAsync(channel, DispatcherHarness.NewDirectory(), time);
        var ids = new List<string> { "crash-1", "crash-2", "crash-3" };
        foreach (var id in ids)
        {
            await harness.PublishAsync(DigestManifests.Message(id));
        }

        var digestId = await WaitAllDigestingAsync(harness, ids);

        // What a replica leaves behind when it dies right after the provider accepted the digest: the outcome in the
        // release lease, the items still stored, no status written yet.
        var resource = harness.ChannelResource;
        var bucket = await new NatsKVContext(harness.Js).GetStoreAsync(ChannelJetStream.SchedulerBucketName(resource), Cancel);
        var store = new DigestStore(harness.Js, bucket, resource, new ParkStore(harness.Js, resource));
        var group = DigestGroups.Of("default", channel.Name, "ops@example.com", "p1");
        await store.CloseAsync(group, digestId, Cancel);
        var items = await store.ReadAsync(group, 100, null, Cancel);
        Assert.Equal(3, items.Count);
        var dead = new DigestRelease
        {
            DigestId = digestId,
            Holder = "replica-that-died",
            ExpiresAt = time.GetUtcNow().AddMinutes(1),
            LastSeq = items[^1].Seq,
            Attempts = 1,
            Outcome = "sent",
            Provider = "relay",
            ProviderMessageId = "accepted-before-the-crash",
            DecidedAt = time.GetUtcNow(),
        };
        Assert.NotNull(await store.TryWriteReleaseAsync(group, dead, 0, Cancel));

        // The window's release arrives after the dead replica's lease expired: it is taken over and finished.
        time.Advance(Window + TimeSpan.FromSeconds(1));

        await WaitAllAsync(harness, ids, NotificationState.Sent);
        foreach (var id in ids)
        {
            Assert.Equal(digestId, (await harness.StatusAsync(id))!.DigestId);
        }

        var digest = (await harness.StatusAsync(digestId))!;
        Assert.Equal(NotificationState.Sent, digest.State);
        Assert.Equal("accepted-before-the-crash", digest.ProviderMessageId);
        Assert.Empty(sink.Received);
        await Poll.UntilAsync(async () => await store.GetReleaseAsync(group, Cancel) is null && await store.CountAsync(group, Cancel) == 0, "lease and items gone", cancellationToken: Cancel);
    }

    /// <summary>The mails as a receiver sees them: a resend after a provider timeout carries the same Message-ID and is one mail.</summary>
    private static List<MimeKit.MimeMessage> Distinct(SmtpSink sink) => [.. sink.Received.Select(m => m.Message).DistinctBy(m => m.MessageId)];

    /// <summary>
    /// The one digest mail of the notification's digest. Every copy the sink got must be a recorded attempt (a
    /// transient SMTP timeout under load retries the same digest); a second release would be a copy without one.
    /// </summary>
    private static async Task<MimeKit.MimeMessage> SingleDigestMailAsync(DispatcherHarness harness, SmtpSink sink, string itemId)
    {
        var digest = (await harness.StatusAsync((await harness.StatusAsync(itemId))!.DigestId!))!;
        var mail = Assert.Single(Distinct(sink));
        Assert.InRange(sink.Received.Count, 1, digest.Attempts);
        return mail;
    }

    // The dispatcher's log, quoted when a wait fails.
    private static readonly K8sNotify.Dispatcher.Tests.TestDoubles.CapturingLoggerProvider Logs = new();

    private Task<DispatcherHarness> StartAsync(ChannelManifests channel, string directory, FakeTimeProvider time) =>
        DispatcherHarness.StartAsync(nats.Url, channel, directory, s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
            s.AddLogging(b => b.AddProvider(Logs));
        });

    /// <summary>Waits until every notification is in a digest and returns that digest's id (they must share one).</summary>
    private static async Task<string> WaitAllDigestingAsync(DispatcherHarness harness, IReadOnlyList<string> ids)
    {
        await WaitAllAsync(harness, ids, NotificationState.Digesting);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            digests.Add((await harness.StatusAsync(id))!.DigestId!);
        }

        return Assert.Single(digests);
    }

    private static async Task WaitAllAsync(DispatcherHarness harness, IReadOnlyList<string> ids, NotificationState state)
    {
        StatusRecord? last = null;
        string? lastId = null;
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    foreach (var id in ids)
                    {
                        lastId = id;
                        last = await harness.StatusAsync(id);
                        if (last?.State != state)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                $"{ids.Count} notifications {state}",
                TimeSpan.FromSeconds(60),
                Cancel);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{lastId} is {last?.State} ({last?.Reason}), not {state}\n" + string.Join('\n', Logs.Entries.Where(e => e.Contains("rror", StringComparison.Ordinal) || e.Contains("igest", StringComparison.Ordinal)).Take(30)));
        }
    }
}
