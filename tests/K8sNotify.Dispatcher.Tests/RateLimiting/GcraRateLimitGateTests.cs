using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.TestSupport;
using StackExchange.Redis;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class GcraRateLimitGateTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckMessageAsync_PerRecipientDelay_DelaysWithTheRetryAfter()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var channel = LimiterHarness.Channel("delay", perRecipient: new ScopedRateLimit { Requests = 2, Period = "1h", Action = RateLimitAction.Delay });

        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(channel, "ada@example.com", Ct)).Decision);
        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(channel, "ada@example.com", Ct)).Decision);
        var third = await harness.Gate.CheckMessageAsync(channel, "ada@example.com", Ct);
        var other = await harness.Gate.CheckMessageAsync(channel, "bob@example.com", Ct);

        Assert.Equal(RateLimitDecision.Delay, third.Decision);
        Assert.Equal(RateLimitScopes.Recipient, third.Scope);
        Assert.InRange(third.RetryAfter, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Equal(RateLimitDecision.Allow, other.Decision);
        Assert.Equal(3, harness.Metrics.DecisionCount("delay", RateLimitScopes.Recipient, RateLimitMetrics.Allow));
        Assert.Equal(1, harness.Metrics.DecisionCount("delay", RateLimitScopes.Recipient, RateLimitMetrics.Delay));
    }

    [Fact]
    public async Task CheckMessageAsync_PerRecipientDrop_DropsEvenWhenTheChannelScopeOnlyDelays()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var channel = LimiterHarness.Channel(
            "drop",
            perRecipient: new ScopedRateLimit { Requests = 1, Period = "1s", Action = RateLimitAction.Drop },
            perChannel: new ScopedRateLimit { Requests = 1, Period = "1h", Action = RateLimitAction.Delay });

        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(channel, "ada@example.com", Ct)).Decision);
        var second = await harness.Gate.CheckMessageAsync(channel, "ADA@example.com ", Ct);
        var otherRecipient = await harness.Gate.CheckMessageAsync(channel, "bob@example.com", Ct);

        Assert.Equal((RateLimitDecision.Drop, RateLimitScopes.Recipient), (second.Decision, second.Scope));
        Assert.Equal((RateLimitDecision.Delay, RateLimitScopes.Channel), (otherRecipient.Decision, otherRecipient.Scope));
        Assert.InRange(otherRecipient.RetryAfter, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Equal(1, harness.Metrics.DecisionCount("drop", RateLimitScopes.Recipient, RateLimitMetrics.Drop));
    }

    [Fact]
    public async Task CheckMessageAsync_RecipientKey_HoldsAHashNeverTheAddress()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var channel = LimiterHarness.Channel("keys", perRecipient: new ScopedRateLimit { Requests = 5, Period = "1h" }, perChannel: new ScopedRateLimit { Requests = 100, Period = "1h" });

        await harness.Gate.CheckMessageAsync(channel, "+4915112345678", Ct);

        var server = (await harness.Connection!.GetAsync(Ct)).GetServers()[0];
        var keys = server.Keys(pattern: "k8snotify:{tests/keys}:*").Select(k => (string)k!).Order().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal("k8snotify:{tests/keys}:rl:channel", keys[0]);
        Assert.Matches(@"^k8snotify:\{tests/keys\}:rl:recipient:[0-9a-f]{32}$", keys[1]);
        Assert.DoesNotContain("4915112345678", keys[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckMessageAsync_NoLimits_AllowsWithoutAskingRedis()
    {
        // Nothing listens here: any round trip would fail and mark the limiter degraded.
        await using var harness = LimiterHarness.Create($"127.0.0.1:{FreePort.Next()}");

        var verdict = await harness.Gate.CheckMessageAsync(LimiterHarness.Channel("unlimited"), "ada@example.com", Ct);

        Assert.Same(RateLimitVerdict.Allowed, verdict);
        Assert.False(harness.Gate.IsDegraded);
    }

    [Fact]
    public async Task TryAcquireProviderAsync_QuotaUsedUp_FalseAndSharedByEveryChannel()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var provider = LimiterHarness.Provider("twilio-quota", new RateLimitSpec { Requests = 2, Period = "1h" });
        var unlimited = LimiterHarness.Provider("smtp-unlimited", null);
        var a = LimiterHarness.Channel("quota-a");
        var b = LimiterHarness.Channel("quota-b");

        Assert.True(await harness.Gate.TryAcquireProviderAsync(a, provider, Ct));
        Assert.True(await harness.Gate.TryAcquireProviderAsync(b, provider, Ct));
        Assert.False(await harness.Gate.TryAcquireProviderAsync(a, provider, Ct));
        Assert.True(await harness.Gate.TryAcquireProviderAsync(a, unlimited, Ct));
        Assert.Equal(1, harness.Metrics.DecisionCount("quota-a", RateLimitScopes.Provider, RateLimitMetrics.Skip));
    }

    [Fact]
    public async Task CheckMessageAsync_TwoDispatchersOnOneRedis_NeverExceedTheLimitTogether()
    {
        await using var first = LimiterHarness.Create(redis.Server.ConnectionString);
        await using var second = LimiterHarness.Create(redis.Server.ConnectionString);
        var limit = new ScopedRateLimit { Requests = 100, Period = "1s", Burst = 20 };
        await first.Store!.LoadScriptAsync(Ct);
        await second.Store!.LoadScriptAsync(Ct);
        var clock = (await first.Connection!.GetAsync(Ct)).GetDatabase();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var start = await ServerMicrosAsync(clock);
        run.CancelAfter(TimeSpan.FromMilliseconds(600));

        var allowed = 0;
        var callers = new[] { first, second }.SelectMany(h => Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                // Each replica reads the bundle itself: distinct Channel objects, one limit.
                var channel = LimiterHarness.Channel("shared", perChannel: limit);
                for (var i = 0; !run.IsCancellationRequested; i++)
                {
                    if ((await h.Gate.CheckMessageAsync(channel, $"user-{i}", Ct)).Decision == RateLimitDecision.Allow)
                    {
                        Interlocked.Increment(ref allowed);
                    }
                }
            },
            Ct))).ToArray();
        await Task.WhenAll(callers);
        var elapsed = await ServerMicrosAsync(clock) - start;

        // 20 at once, then one per 10 ms of server time: never more, whichever replica asked.
        // (And more than the burst: the steady rate went on while both asked.)
        var ceiling = 20 + (elapsed / 10_000);
        Assert.InRange(allowed, 21, ceiling);
        Assert.True(first.Metrics.DecisionCount("shared", RateLimitScopes.Channel, RateLimitMetrics.Allow) > 0, "the first replica got nothing");
        Assert.True(second.Metrics.DecisionCount("shared", RateLimitScopes.Channel, RateLimitMetrics.Allow) > 0, "the second replica got nothing");
    }

    [Fact]
    public async Task CheckMessageAsync_StandaloneWithoutRedis_InMemoryLimits()
    {
        await using var harness = LimiterHarness.Create(redis: null);
        var channel = LimiterHarness.Channel("standalone", perChannel: new ScopedRateLimit { Requests = 3, Period = "1h" });

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 4; i++)
        {
            decisions.Add((await harness.Gate.CheckMessageAsync(channel, "ada@example.com", Ct)).Decision);
        }

        Assert.Equal([RateLimitDecision.Allow, RateLimitDecision.Allow, RateLimitDecision.Allow, RateLimitDecision.Delay], decisions);
    }

    [Fact]
    public async Task CheckMessageAsync_InvalidPeriod_ClearErrorNamingChannelAndScope()
    {
        await using var harness = LimiterHarness.Create(redis: null);
        var channel = LimiterHarness.Channel("broken", perChannel: new ScopedRateLimit { Requests = 3, Period = "0s" });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await harness.Gate.CheckMessageAsync(channel, "ada@example.com", Ct));

        Assert.Contains("channel rate limit of Channel tests/broken", e.Message, StringComparison.Ordinal);
    }

    private static async Task<long> ServerMicrosAsync(IDatabase db)
    {
        var time = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        return ((long)time[0] * 1_000_000) + (long)time[1];
    }
}
