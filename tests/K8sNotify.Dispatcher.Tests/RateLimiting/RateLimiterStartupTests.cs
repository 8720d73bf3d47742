using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class RateLimiterStartupTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_NoRedisConfigured_SaysLimitsArePerProcessAndLimitsInMemory()
    {
        var logs = new RecordingLoggerProvider();
        await using var provider = Build(logs, new() { ["K8SNOTIFY_REPLICAS"] = "3" });

        await StartAsync(provider);
        var gate = (GcraRateLimitGate)provider.GetRequiredService<IRateLimitGate>();
        var channel = LimiterHarness.Channel("standalone", perChannel: new ScopedRateLimit { Requests = 6, Period = "1h" });
        var allowed = 0;
        for (var i = 0; i < 4; i++)
        {
            allowed += (await gate.CheckMessageAsync(channel, "a", Ct)).Decision == RateLimitDecision.Allow ? 1 : 0;
        }

        var entry = Assert.Single(logs.Entries, e => e.EventId == 3001);
        Assert.Contains("per process", entry.Message, StringComparison.Ordinal);
        Assert.Contains("3 replicas", entry.Message, StringComparison.Ordinal);
        Assert.Equal(2, allowed);
        Assert.False(gate.IsDegraded);
    }

    [Fact]
    public async Task StartAsync_RedisConfigured_NamesEndpointsNeverThePasswordAndLoadsTheScript()
    {
        var logs = new RecordingLoggerProvider();
        await using var provider = Build(logs, new() { ["K8SNOTIFY_REDIS"] = $"redis://{redis.Server.ConnectionString}", ["K8SNOTIFY_REDIS_PASSWORD"] = "" });

        await StartAsync(provider);

        var entry = Assert.Single(logs.Entries, e => e.EventId == 3000);
        Assert.Contains(redis.Server.ConnectionString, entry.Message, StringComparison.Ordinal);
        Assert.False(((GcraRateLimitGate)provider.GetRequiredService<IRateLimitGate>()).IsDegraded);
        var db = (await provider.GetRequiredService<RedisConnection>().GetAsync(Ct)).GetDatabase();
        var exists = (StackExchange.Redis.RedisResult[])(await db.ExecuteAsync("SCRIPT", "EXISTS", Convert.ToHexStringLower(RedisGcraStore.ScriptHash)))!;
        Assert.Equal(1, (long)exists[0]);
    }

    [Fact]
    public async Task StartAsync_RedisConfigured_RunsTheScriptBeforeReportingWarm()
    {
        await using var provider = Build(new RecordingLoggerProvider(), new() { ["K8SNOTIFY_REDIS"] = $"redis://{redis.Server.ConnectionString}", ["K8SNOTIFY_REDIS_PASSWORD"] = "" });
        var readiness = provider.GetRequiredService<RateLimiterReadiness>();
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString + ",allowAdmin=true");
        var db = admin.GetDatabase();
        var before = EvalShaCalls((string?)await db.ExecuteAsync("INFO", "commandstats"));
        Assert.False(readiness.IsWarm);

        await StartAsync(provider);

        Assert.True(readiness.IsWarm);
        Assert.True(EvalShaCalls((string?)await db.ExecuteAsync("INFO", "commandstats")) - before >= RateLimiterStartup.WarmUpCalls);
    }

    [Fact]
    public async Task StartAsync_RedisDownAtStart_StartsDegradedAndSaysSoOnceWithoutThePassword()
    {
        var logs = new RecordingLoggerProvider();
        await using var provider = Build(logs, new()
        {
            ["K8SNOTIFY_REDIS"] = $"redis://127.0.0.1:{FreePort.Next()}",
            ["K8SNOTIFY_REDIS_PASSWORD"] = "hunter2",
            ["RateLimiting:Redis:ConnectTimeout"] = "00:00:00.500",
        });

        await StartAsync(provider);
        var gate = (GcraRateLimitGate)provider.GetRequiredService<IRateLimitGate>();
        var verdict = await gate.CheckMessageAsync(LimiterHarness.Channel("down", perChannel: new ScopedRateLimit { Requests = 1, Period = "1h" }), "a", Ct);

        Assert.True(gate.IsDegraded);
        Assert.Equal(RateLimitDecision.Allow, verdict.Decision);
        Assert.Single(logs.Entries, e => e.EventId == 3002);
        Assert.True(provider.GetRequiredService<RateLimiterReadiness>().IsWarm);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    private static long EvalShaCalls(string? commandStats)
    {
        var match = System.Text.RegularExpressions.Regex.Match(commandStats ?? "", "cmdstat_evalsha:calls=([0-9]+)");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static ServiceProvider Build(RecordingLoggerProvider logs, Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddSingleton(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()))
            .AddGcraRateLimiting(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    private static async Task StartAsync(ServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(Ct);
        }
    }

}
