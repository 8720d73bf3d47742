using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

/// <summary>Rate limits through the whole dispatcher: NATS in, real redis-server, outbox providers out.</summary>
public sealed class RateLimitPipelineTests(NatsFixture nats) : IClassFixture<NatsFixture>, IAsyncLifetime
{
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    public async ValueTask InitializeAsync() => _redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispatcher_PerRecipientDelay_EveryMessageSentLaterAndNoAttemptCounted()
    {
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("files", Path.Combine(dir, "outbox"))],
            MaxAttempts = 2,
            RateLimitsYaml = "{perRecipient: {requests: 2, period: 1s, action: delay}}",
        };
        await using var harness = await StartAsync(channel, dir);

        for (var i = 0; i < 5; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"delay-{i}"));
        }

        // 2 at once, then one per 500 ms: more redeliveries than maxAttempts, none of them an attempt.
        for (var i = 0; i < 5; i++)
        {
            await harness.WaitForStateAsync($"delay-{i}", NotificationState.Sent);
            Assert.Equal(1, (await harness.StatusAsync($"delay-{i}"))!.Attempts);
        }

        // The limiter lets the 5th through no earlier than 3 intervals after the first check, which came after the
        // first publish: so the last send is at least 1.5 s after the first publish (same host clock as Redis TIME).
        var statuses = new List<StatusRecord>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await harness.StatusAsync($"delay-{i}"))!);
        }

        var span = statuses.Max(s => s.SentAt!.Value) - statuses.Min(s => s.PublishedAt!.Value);
        Assert.True(span >= TimeSpan.FromMilliseconds(1490), $"5 sends at 2/s took only {span.TotalMilliseconds} ms from the first publish");
        Assert.Equal(5, harness.Metrics.Outcomes(channel.Namespace, channel.Name, "files", Outcomes.Sent));
        Assert.Empty(await harness.DeadLettersAsync());
        Assert.True(Limiter(harness).DecisionCount(channel.Name, RateLimitScopes.Recipient, RateLimitMetrics.Delay) >= 3);
    }

    [Fact]
    public async Task Dispatcher_PerRecipientDrop_RecordsRateLimitedAndAcks()
    {
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("files", Path.Combine(dir, "outbox"))],
            RateLimitsYaml = "{perRecipient: {requests: 1, period: 1h, action: drop}}",
            Concurrency = 1,
        };
        await using var harness = await StartAsync(channel, dir);

        await harness.PublishAsync(DispatcherHarness.Message("drop-0"));
        await harness.WaitForStateAsync("drop-0", NotificationState.Sent);
        await harness.PublishAsync(DispatcherHarness.Message("drop-1"));
        await harness.PublishAsync(DispatcherHarness.Message("drop-2", to: "ADA@example.com"));
        await harness.PublishAsync(DispatcherHarness.Message("drop-3", to: "bob@example.com"));

        await harness.WaitForStateAsync("drop-1", NotificationState.RateLimited);
        await harness.WaitForStateAsync("drop-2", NotificationState.RateLimited);
        await harness.WaitForStateAsync("drop-3", NotificationState.Sent);
        // The outcome is counted just after the status record is written, so wait for the counters rather than race them.
        await Poll.UntilAsync(
            () => harness.Metrics.Outcomes(channel.Namespace, channel.Name, Observability.DispatcherMetrics.NoProvider, Outcomes.RateLimited) == 2
                && harness.Metrics.Outcomes(channel.Namespace, channel.Name, "files", Outcomes.Sent) == 2,
            "two rate_limited and two sent outcomes counted",
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains("recipient", (await harness.StatusAsync("drop-1"))!.Reason, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => await PendingAsync(harness) == 0, "every message acked", cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Dispatcher_ProviderQuotaUsedUp_FailsOverToTheNextProvider()
    {
        var dir = DispatcherHarness.NewDirectory();
        var (_, primaryYaml) = ChannelManifests.Outbox("primary", Path.Combine(dir, "primary"));
        var channel = new ChannelManifests
        {
            Providers =
            [
                ("primary", primaryYaml + "\n  rateLimit: {requests: 2, period: 1h}"),
                ChannelManifests.Outbox("secondary", Path.Combine(dir, "secondary")),
            ],
        };
        await using var harness = await StartAsync(channel, dir);

        for (var i = 0; i < 5; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"quota-{i}", to: $"user{i}@example.com"));
        }

        var providers = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            await harness.WaitForStateAsync($"quota-{i}", NotificationState.Sent);
            var status = (await harness.StatusAsync($"quota-{i}"))!;
            Assert.Equal(1, status.Attempts);
            providers.Add(status.Provider);
        }

        Assert.Equal(2, providers.Count(p => p == "primary"));
        Assert.Equal(3, providers.Count(p => p == "secondary"));
        Assert.Equal(3d, Limiter(harness).DecisionCount(channel.Name, RateLimitScopes.Provider, RateLimitMetrics.Skip));
    }

    [Theory]
    [InlineData("open")]
    [InlineData("closed")]
    public async Task Dispatcher_RedisKilledMidRun_PolicyHonouredNothingLostAndSharedAgain(string policy)
    {
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("files", Path.Combine(dir, "outbox"))],
            MaxAttempts = 2,
            RateLimitsYaml = $"{{perChannel: {{requests: 50, period: 1s, burst: 10}}, failurePolicy: {policy}}}",
        };
        await using var harness = await StartAsync(channel, dir);
        var limiter = Limiter(harness);
        var gate = (GcraRateLimitGate)harness.Services.GetRequiredService<IRateLimitGate>();
        for (var i = 0; i < 10; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"before-{i}", to: $"u{i}@example.com"));
        }

        await harness.WaitForStateAsync("before-9", NotificationState.Sent);
        await Redis.KillAsync();
        for (var i = 0; i < 20; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"during-{i}", to: $"u{i}@example.com"));
        }

        await Poll.UntilAsync(() => gate.IsDegraded, "the limiter to notice redis-server is gone", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, limiter.DegradedValue(channel.Name));
        if (policy == "open")
        {
            // The in-memory limiter lets the messages through at the same rate; nothing waits for Redis.
            for (var i = 0; i < 20; i++)
            {
                await harness.WaitForStateAsync($"during-{i}", NotificationState.Sent);
            }
        }
        else
        {
            // Closed: nothing is sent while the limits cannot be checked, but nothing is lost or counted as an attempt.
            await Poll.UntilAsync(
                () => limiter.DecisionCount(channel.Name, RateLimitScopes.FailurePolicy, RateLimitMetrics.Delay) >= 20,
                "every message delayed by the closed failure policy",
                cancellationToken: TestContext.Current.CancellationToken);
            for (var i = 0; i < 20; i++)
            {
                Assert.NotEqual(NotificationState.Sent, (await harness.StatusAsync($"during-{i}"))?.State);
            }
        }

        var port = Redis.Port;
        await Redis.DisposeAsync();
        _redis = await RedisServer.StartAsync(port, TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => !gate.IsDegraded, "the limiter to see redis-server again", cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < 20; i++)
        {
            await harness.WaitForStateAsync($"during-{i}", NotificationState.Sent);
            Assert.Equal(1, (await harness.StatusAsync($"during-{i}"))!.Attempts);
        }

        Assert.Equal(0, limiter.DegradedValue(channel.Name));
        Assert.Empty(await harness.DeadLettersAsync());
        await harness.PublishAsync(DispatcherHarness.Message("after", to: "z@example.com"));
        await harness.WaitForStateAsync("after", NotificationState.Sent);
        await using var probe = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
        // The restarted redis-server starts with empty command statistics, so any script call it counted came from the
        // dispatcher deciding in Redis again (a key check would race the key's idle expiry of one burst window).
        var stats = (string?)await probe.GetDatabase().ExecuteAsync("INFO", "commandstats") ?? "";
        Assert.Matches(@"cmdstat_evalsha:calls=[1-9]", stats);
        Assert.Contains($"{K8sNotify.Api.Observability.MetricNames.RateLimiterDegraded}{{channel=\"{channel.Name}\"}} 0", await MetricsTextAsync(harness), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatcher_AllowedThenTransientFailure_RetryIsNotChargedAgain()
    {
        // Every notification fails once, then goes through: with a limit of 3 per recipient, all 3 must be sent.
        var provider = new ScriptedProvider { Script = (_, call) => call == 1 ? K8sNotify.Dispatcher.Providers.DeliveryResult.Transient("try again") : null };
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("p", "/unused")],
            MaxAttempts = 3,
            RateLimitsYaml = "{perRecipient: {requests: 3, period: 1h, action: drop}}",
        };
        await using var harness = await StartAsync(channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        for (var i = 0; i < 3; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"charged-once-{i}"));
        }

        for (var i = 0; i < 3; i++)
        {
            await harness.WaitForStateAsync($"charged-once-{i}", NotificationState.Sent);
            var record = (await harness.StatusAsync($"charged-once-{i}"))!;
            Assert.Equal(2, record.Attempts);
            Assert.NotNull(record.RateLimitAllowedAt);
        }

        Assert.Equal(3d, Limiter(harness).DecisionCount(channel.Name, RateLimitScopes.Recipient, RateLimitMetrics.Allow));
    }

    [Fact]
    public async Task Dispatcher_DelayAction_ParksUntilRetryAfterInsteadOfHoldingTheConsumer()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("p", "/unused")],
            RateLimitsYaml = "{perChannel: {requests: 1, period: 2s, action: delay}}",
        };
        await using var harness = await StartAsync(channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        const int count = 4;

        for (var i = 0; i < count; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"delayed-{i}"));
        }

        // While they wait they are parked: the work consumer holds nothing, the status says waiting until when.
        await Poll.UntilAsync(async () => (await harness.StatusAsync("delayed-3"))?.State is NotificationState.Waiting or NotificationState.Sent, "delayed-3 waiting", cancellationToken: TestContext.Current.CancellationToken);
        var scheduling = harness.Services.GetRequiredService<K8sNotify.Dispatcher.Scheduling.SchedulingMetrics>();
        await Poll.UntilAsync(() => scheduling.Parked(channel.Namespace, channel.Name, "rate_limit") >= 1, "a rate-limited message parked", cancellationToken: TestContext.Current.CancellationToken);
        for (var i = 0; i < count; i++)
        {
            await harness.WaitForStateAsync($"delayed-{i}", NotificationState.Sent, TimeSpan.FromSeconds(40));
        }

        // One decision per message and wake-up: the waiting ones ask again once per retry-after, never in a NAK loop.
        var delays = Limiter(harness).DecisionCount(channel.Name, RateLimitScopes.Channel, RateLimitMetrics.Delay);
        Assert.InRange(delays, 1d, count * count);
        Assert.Equal(count, provider.TotalCalls);
        Assert.Equal(0ul, await PendingAsync(harness));
    }

    private Task<DispatcherHarness> StartAsync(ChannelManifests channel, string dir, Action<IServiceCollection> configure) =>
        DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            Path.Combine(dir, "manifests"),
            configure,
            settings: new Dictionary<string, string?>
            {
                ["REDIS"] = Redis.ConnectionString,
                ["RateLimiting:ProbeInterval"] = "00:00:00.100",
                ["PIPELINE:PARK_TICK"] = "00:00:00.250",
            });

    private Task<DispatcherHarness> StartAsync(ChannelManifests channel, string dir) =>
        DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            Path.Combine(dir, "manifests"),
            settings: new Dictionary<string, string?>
            {
                ["REDIS"] = Redis.ConnectionString,
                ["RateLimiting:ProbeInterval"] = "00:00:00.100",
            });

    private static RateLimitMetrics Limiter(DispatcherHarness harness) => harness.Services.GetRequiredService<RateLimitMetrics>();

    private static async Task<string> MetricsTextAsync(DispatcherHarness harness)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{harness.HttpPort}/metrics"), TestContext.Current.CancellationToken);
    }

    private static async Task<ulong> PendingAsync(DispatcherHarness harness)
    {
        var stream = K8sNotify.Api.Conventions.NatsNames.StreamName(harness.ChannelResource);
        var consumer = await harness.Js.GetConsumerAsync(stream, K8sNotify.Api.Conventions.NatsNames.ConsumerName);
        return consumer.Info.NumPending + (ulong)consumer.Info.NumAckPending;
    }
}
