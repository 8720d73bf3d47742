using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using StackExchange.Redis;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class RedisGcraStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    // One slot per second (10 per 10 s): long enough that taking a burst of 10 on a loaded CI machine stays
    // inside one emission interval, so the boundary assertions below are exact rather than timing-dependent.
    private const long Interval = 1_000_000;
    private static readonly GcraLimit TenPerSecond = GcraLimit.Create(10, TimeSpan.FromSeconds(10), 10);

    [Fact]
    public async Task AcquireAsync_BurstThenSteadyRate_ExactOnRedisServerTime()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var store = harness.Store!;
        GcraRequest[] request = [new($"k8snotify:{{tests/{nameof(AcquireAsync_BurstThenSteadyRate_ExactOnRedisServerTime)}}}:rl:channel", TenPerSecond)];
        var ct = TestContext.Current.CancellationToken;

        // The key starts idle, so the first request's server time t0 anchors every later arrival time.
        var first = await store.AcquireAsync(request, ct);
        Assert.True(first.Allowed);
        var t0 = first.ClockMicros;
        var allowed = 1L;
        GcraOutcome denied;
        while ((denied = await store.AcquireAsync(request, ct)).Allowed)
        {
            allowed++;
        }

        // Exactly the burst, plus one per interval that passed on the server while the burst was taken.
        Assert.Equal(10 + ((denied.ClockMicros - t0) / Interval), allowed);
        Assert.True(allowed <= 11, $"a burst of 10 took over one interval of server time ({allowed} allowed)");
        var nextFree = t0 + ((allowed - 9) * Interval);
        Assert.Equal(nextFree - denied.ClockMicros, (long)denied.RetryAfter(0).TotalMicroseconds);

        // Steady state: one more per 100 ms, never earlier, to the microsecond of Redis time.
        for (var round = 0; round < 3; round++)
        {
            GcraOutcome outcome = default;
            await Poll.UntilAsync(
                async () =>
                {
                    outcome = await store.AcquireAsync(request, ct);
                    if (!outcome.Allowed)
                    {
                        Assert.True(outcome.ClockMicros < nextFree, "denied after its time had come");
                        Assert.Equal(nextFree - outcome.ClockMicros, (long)outcome.RetryAfter(0).TotalMicroseconds);
                    }

                    return outcome.Allowed;
                },
                "the next steady-rate slot",
                TimeSpan.FromSeconds(5),
                ct);
            Assert.True(outcome.ClockMicros >= nextFree, $"allowed {nextFree - outcome.ClockMicros} µs early");
            nextFree = Math.Max(nextFree, outcome.ClockMicros - (9 * Interval)) + Interval;
        }
    }

    [Fact]
    public async Task AcquireAsync_OneScopeDenies_NothingIsConsumed()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var store = harness.Store!;
        var ct = TestContext.Current.CancellationToken;
        var recipient = new GcraRequest("k8snotify:{tests/atomic}:rl:recipient:aa", GcraLimit.Create(1, TimeSpan.FromMinutes(1)));
        var channel = new GcraRequest("k8snotify:{tests/atomic}:rl:channel", GcraLimit.Create(5, TimeSpan.FromMinutes(1)));

        Assert.True((await store.AcquireAsync([recipient, channel], ct)).Allowed);
        var denied = await store.AcquireAsync([recipient, channel], ct);

        Assert.False(denied.Allowed);
        Assert.True(denied.Denied(0));
        Assert.False(denied.Denied(1));
        Assert.InRange(denied.RetryAfter(0), TimeSpan.FromSeconds(59), TimeSpan.FromMinutes(1));
        var channelAllowed = 0;
        for (var i = 0; i < 6; i++)
        {
            channelAllowed += (await store.AcquireAsync([channel], ct)).Allowed ? 1 : 0;
        }

        Assert.Equal(4, channelAllowed);
    }

    [Fact]
    public async Task AcquireAsync_AllowedKey_ExpiresWhenItWouldBeIdle()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        const string key = "k8snotify:{tests/ttl}:rl:channel";
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await harness.Store!.AcquireAsync([new(key, GcraLimit.Create(10, TimeSpan.FromMinutes(10)))], ct);
        }

        var db = (await harness.Connection!.GetAsync(ct)).GetDatabase();
        var ttl = await db.KeyTimeToLiveAsync(key);

        // Three of ten taken: the arrival time is 3 minutes ahead, so the key lives about 3 minutes, never the whole window.
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task AcquireAsync_ScriptFlushed_ReloadsOnNoScriptAndAnswers()
    {
        await using var harness = LimiterHarness.Create(redis.Server.ConnectionString);
        var ct = TestContext.Current.CancellationToken;
        GcraRequest[] request = [new("k8snotify:{tests/flush}:rl:channel", TenPerSecond)];

        // Loaded first so the count below does not depend on whether an earlier test of the class loaded it already.
        await harness.Store!.LoadScriptAsync(ct);
        Assert.True((await harness.Store.AcquireAsync(request, ct)).Allowed);
        Assert.Equal(0, harness.Logs.Count(3004));
        var db = (await harness.Connection!.GetAsync(ct)).GetDatabase();

        await db.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.False(await ScriptExistsAsync(db));
        var outcome = await harness.Store.AcquireAsync(request, ct);

        Assert.True(outcome.Allowed);
        Assert.True(await ScriptExistsAsync(db));
        Assert.Equal(1, harness.Logs.Count(3004));
    }

    [Fact]
    public async Task AcquireAsync_RedisRestartedOnTheSamePort_RecoversThroughNoScript()
    {
        var server = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            await using var harness = LimiterHarness.Create(server.ConnectionString);
            var ct = TestContext.Current.CancellationToken;
            GcraRequest[] request = [new("k8snotify:{tests/restart}:rl:channel", TenPerSecond)];
            await harness.Store!.LoadScriptAsync(ct);
            Assert.True((await harness.Store.AcquireAsync(request, ct)).Allowed);

            await server.KillAsync();
            await Assert.ThrowsAsync<RateLimitStoreUnavailableException>(async () => await harness.Store.AcquireAsync(request, ct));
            var port = server.Port;
            await server.DisposeAsync();
            server = await RedisServer.StartAsync(port, ct);

            // The multiplexer reconnects by itself; the new server's script cache is empty.
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        return (await harness.Store.AcquireAsync(request, ct)).Allowed;
                    }
                    catch (RateLimitStoreUnavailableException)
                    {
                        return false;
                    }
                },
                "the limiter answering from the restarted redis-server",
                TimeSpan.FromSeconds(20),
                ct);
            Assert.Equal(1, harness.Logs.Count(3004));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<bool> ScriptExistsAsync(IDatabase db)
    {
        var exists = (RedisResult[])(await db.ExecuteAsync("SCRIPT", "EXISTS", Convert.ToHexStringLower(RedisGcraStore.ScriptHash)))!;
        return (long)exists[0] == 1;
    }
}
