using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

/// <summary>redis-server killed and restarted under the limiter: each test owns its server.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private const int Degraded = 3002;
    private const int Recovered = 3003;
    private RedisServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RedisServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task CheckMessageAsync_RedisKilledWithPolicyOpen_PerReplicaShareThenSharedAgainAfterRecovery()
    {
        await using var harness = LimiterHarness.Create(Server.ConnectionString, replicas: 2, commandTimeout: TimeSpan.FromMilliseconds(250));
        var limit = new ScopedRateLimit { Requests = 10, Period = "1h" };
        var channel = LimiterHarness.Channel("open", perChannel: limit, policy: FailurePolicy.Open);
        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision);
        Assert.Equal(0, harness.Metrics.DegradedValue("open"));

        await Server.KillAsync();
        var duringOutage = new List<RateLimitDecision>();
        for (var i = 0; i < 8; i++)
        {
            duringOutage.Add((await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision);
        }

        // Two replicas: this one enforces half the limit alone (5 at once), and says so once.
        Assert.Equal(Enumerable.Repeat(RateLimitDecision.Allow, 5).Concat(Enumerable.Repeat(RateLimitDecision.Delay, 3)), duringOutage);
        Assert.True(harness.Gate.IsDegraded);
        Assert.Equal(1, harness.Metrics.DegradedValue("open"));
        Assert.Equal(1, harness.Logs.Count(Degraded));
        Assert.Equal(0, harness.Logs.Count(Recovered));

        await RestartAsync();
        await Poll.UntilAsync(() => !harness.Gate.IsDegraded, "the probe to see redis-server again", cancellationToken: Ct);

        Assert.Equal(0, harness.Metrics.DegradedValue("open"));
        Assert.Equal(1, harness.Logs.Count(Degraded));
        Assert.Equal(1, harness.Logs.Count(Recovered));
        await using var otherReplica = LimiterHarness.Create(Server.ConnectionString);
        var shared = new List<RateLimitDecision>();
        for (var i = 0; i < 6; i++)
        {
            shared.Add((await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision);
            shared.Add((await otherReplica.Gate.CheckMessageAsync(channel, "a", Ct)).Decision);
        }

        // The restarted Redis is empty: the whole limit of 10 again, shared by both replicas.
        Assert.Equal(10, shared.Count(d => d == RateLimitDecision.Allow));
        Assert.Equal([RateLimitDecision.Delay, RateLimitDecision.Delay], shared[10..]);
    }

    [Fact]
    public async Task CheckMessageAsync_RedisKilledWithPolicyClosed_DelaysEverythingUntilRecovery()
    {
        await using var harness = LimiterHarness.Create(Server.ConnectionString, commandTimeout: TimeSpan.FromMilliseconds(250));
        var limited = LimiterHarness.Channel("closed", perRecipient: new ScopedRateLimit { Requests = 100, Period = "1s" }, policy: FailurePolicy.Closed);
        var quotaOnly = LimiterHarness.Channel("closed-quota-only", policy: FailurePolicy.Closed);
        var provider = LimiterHarness.Provider("closed-quota", new RateLimitSpec { Requests = 100, Period = "1s" });
        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(limited, "a", Ct)).Decision);
        Assert.True(await harness.Gate.TryAcquireProviderAsync(quotaOnly, provider, Ct));

        await Server.KillAsync();
        var verdicts = new List<RateLimitVerdict>();
        for (var i = 0; i < 5; i++)
        {
            verdicts.Add(await harness.Gate.CheckMessageAsync(limited, $"recipient-{i}", Ct));
        }

        Assert.All(verdicts, v => Assert.Equal(new RateLimitVerdict(RateLimitDecision.Delay, RateLimiterOptions.DefaultFailClosedRetryAfter, RateLimitScopes.FailurePolicy), v));
        Assert.Equal(RateLimitDecision.Delay, (await harness.Gate.CheckMessageAsync(quotaOnly, "a", Ct)).Decision);
        Assert.False(await harness.Gate.TryAcquireProviderAsync(quotaOnly, provider, Ct));
        Assert.Equal(1, harness.Logs.Count(Degraded));
        Assert.Equal(1, harness.Metrics.DegradedValue("closed"));
        Assert.Equal(6, harness.Metrics.DecisionCount("closed", RateLimitScopes.FailurePolicy, RateLimitMetrics.Delay) + harness.Metrics.DecisionCount("closed-quota-only", RateLimitScopes.FailurePolicy, RateLimitMetrics.Delay));

        await RestartAsync();
        await Poll.UntilAsync(() => !harness.Gate.IsDegraded, "the probe to see redis-server again", cancellationToken: Ct);

        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(limited, "a", Ct)).Decision);
        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(quotaOnly, "a", Ct)).Decision);
        Assert.Equal(1, harness.Logs.Count(Recovered));
        Assert.Equal(0, harness.Metrics.DegradedValue("closed-quota-only"));
    }

    [Fact]
    public async Task CheckMessageAsync_RedisStalled_AnswersWithinTheCommandTimeoutAndDegradesOnceTimeoutsPersist()
    {
        await using var harness = LimiterHarness.Create(Server.ConnectionString, commandTimeout: TimeSpan.FromMilliseconds(250));
        var channel = LimiterHarness.Channel("stalled", perChannel: new ScopedRateLimit { Requests = 100, Period = "1s" }, policy: FailurePolicy.Closed);
        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision);

        // SIGSTOP: the connection stays open but nothing answers, like a partitioned or overloaded Redis.
        await SignalAsync("STOP");
        try
        {
            var verdict = await harness.Gate.CheckMessageAsync(channel, "a", Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(2), Ct);
            Assert.Equal((RateLimitDecision.Delay, RateLimitScopes.FailurePolicy), (verdict.Decision, verdict.Scope));

            await Poll.UntilAsync(
                async () =>
                {
                    await harness.Gate.CheckMessageAsync(channel, "a", Ct);
                    return harness.Gate.IsDegraded;
                },
                "timeouts lasting longer than the tolerance to switch to degraded",
                cancellationToken: Ct);
            Assert.Contains(harness.Logs.Entries, e => e.EventId == Degraded && e.Message.Contains("no answer within 250 ms", StringComparison.Ordinal));
        }
        finally
        {
            await SignalAsync("CONT");
        }

        await Poll.UntilAsync(() => !harness.Gate.IsDegraded, "the probe to see redis-server answer again", cancellationToken: Ct);
    }

    [Fact]
    public async Task CheckMessageAsync_OneTimeoutThenAnswers_FallsBackForThatMessageOnlyAndNeverDegrades()
    {
        await using var harness = LimiterHarness.Create(Server.ConnectionString, commandTimeout: TimeSpan.FromMilliseconds(250), timeoutTolerance: TimeSpan.FromSeconds(30));
        var channel = LimiterHarness.Channel("blip", perChannel: new ScopedRateLimit { Requests = 100, Period = "1s" }, policy: FailurePolicy.Closed);
        Assert.Equal(RateLimitDecision.Allow, (await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision);

        // One slow answer on a busy node: that message is delayed by the failure policy, the limits stay shared.
        await SignalAsync("STOP");
        RateLimitVerdict blip;
        try
        {
            blip = await harness.Gate.CheckMessageAsync(channel, "a", Ct);
        }
        finally
        {
            await SignalAsync("CONT");
        }

        Assert.Equal((RateLimitDecision.Delay, RateLimitScopes.FailurePolicy), (blip.Decision, blip.Scope));
        await Poll.UntilAsync(
            async () => (await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision == RateLimitDecision.Allow,
            "redis-server to answer again",
            cancellationToken: Ct);
        Assert.False(harness.Gate.IsDegraded);
        Assert.Equal(0, harness.Logs.Count(Degraded));
        Assert.Equal(0, harness.Metrics.DegradedValue("blip"));
    }

    [Fact]
    public async Task CheckMessageAsync_SlowAnswersWhileRedisIsHealthy_DropLimitIsNeverOverAdmitted()
    {
        await using var harness = LimiterHarness.Create(Server.ConnectionString, commandTimeout: TimeSpan.FromMilliseconds(250), timeoutTolerance: TimeSpan.FromSeconds(30));
        var channel = LimiterHarness.Channel("slow", perRecipient: new ScopedRateLimit { Requests = 3, Period = "1h", Action = RateLimitAction.Drop });
        var allowed = 0;
        for (var i = 0; i < 2; i++)
        {
            allowed += (await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision == RateLimitDecision.Allow ? 1 : 0;
        }

        // Slow answers (the open policy's in-memory limiter would admit 3 more on top of Redis's 2).
        var slow = new List<RateLimitVerdict>();
        await SignalAsync("STOP");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                slow.Add(await harness.Gate.CheckMessageAsync(channel, "a", Ct));
            }
        }
        finally
        {
            await SignalAsync("CONT");
        }

        for (var i = 0; i < 4; i++)
        {
            allowed += (await harness.Gate.CheckMessageAsync(channel, "a", Ct)).Decision == RateLimitDecision.Allow ? 1 : 0;
        }

        // A timed-out script may still have run once Redis woke up (then it counted, and admitted less): never more than 3.
        Assert.All(slow, v => Assert.Equal(RateLimitDecision.Delay, v.Decision));
        Assert.InRange(allowed, 2, 3);
        Assert.False(harness.Gate.IsDegraded);
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", Server.Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(Ct);
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task RestartAsync()
    {
        var port = Server.Port;
        await Server.DisposeAsync();
        _server = await RedisServer.StartAsync(port, Ct);
    }
}
