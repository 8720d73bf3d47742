using System.Diagnostics;
using System.Globalization;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.TestSupport.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace K8sNotify.Bench.RateLimiting;

/// <summary>
/// <c>ratelimit</c>: rate limit decisions per second through the gate the dispatcher calls (one EVALSHA per message for
/// its per-recipient and per-channel scopes, multiplexed by StackExchange.Redis), against a local redis-server, for
/// several numbers of concurrent callers; plus the in-memory limiter and the allow-all gate as baselines.
/// </summary>
internal static class RateLimitBench
{
    private const int Recipients = 10_000;
    private static readonly int[] DefaultCallers = [1, 16, 64, 256];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = 5.0;
        var callers = DefaultCallers;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--callers" when i + 1 < args.Length:
                    callers = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
                    break;
                default:
                    await Console.Error.WriteLineAsync("usage: ratelimit [--seconds 5] [--callers 1,16,64,256]").ConfigureAwait(false);
                    return 2;
            }
        }

        var duration = TimeSpan.FromSeconds(seconds);
        var channel = new Channel
        {
            Metadata = new() { Name = "bench", NamespaceProperty = "bench" },
            Spec = new ChannelSpec
            {
                // Limits far above what one machine reaches: every decision is a full allow (both scopes written).
                RateLimits = new ChannelRateLimits
                {
                    PerRecipient = new ScopedRateLimit { Requests = 1_000_000_000, Period = "1s" },
                    PerChannel = new ScopedRateLimit { Requests = 1_000_000_000, Period = "1s" },
                },
            },
        };

        await using var redis = await RedisServer.StartAsync().ConfigureAwait(false);
        var redisOptions = Options.Create(new RedisOptions { Configuration = redis.ConnectionString, CommandTimeout = TimeSpan.FromSeconds(5) });
        var limiterOptions = Options.Create(new RateLimiterOptions());
        var metrics = new RateLimitMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        await using var connection = new RedisConnection(redisOptions);
        var store = new RedisGcraStore(connection, redisOptions, TimeProvider.System, NullLogger<RedisGcraStore>.Instance);
        await using var health = new RedisLimiterHealth(store, metrics, limiterOptions, TimeProvider.System, NullLogger<RedisLimiterHealth>.Instance);
        await store.LoadScriptAsync(CancellationToken.None).ConfigureAwait(false);
        var redisGate = new GcraRateLimitGate(new InMemoryGcraStore(TimeProvider.System), store, health, metrics, limiterOptions);
        var memoryGate = new GcraRateLimitGate(new InMemoryGcraStore(TimeProvider.System), null, null, metrics, limiterOptions);
        // A separate admin connection reads INFO commandstats: the gate's own connection stays as in production.
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true").ConfigureAwait(false);
        var server = admin.GetServer(redis.ConnectionString);

        Console.WriteLine($"rate limit gate, 2 scopes per message (perRecipient over {Recipients} recipients + perChannel), {duration.TotalSeconds:0.#} s per row, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"gate",-10} {"callers",7} {"decisions/s",12} {"p50 µs",8} {"p99 µs",8} {"EVALSHA/decision",17}");
        foreach (var n in callers)
        {
            var result = await MeasureAsync(redisGate, channel, n, duration, async () => await EvalShaCallsAsync(server).ConfigureAwait(false)).ConfigureAwait(false);
            Print("redis", n, result, result.RoundTrips / (double)result.Decisions);
            if (redisGate.IsDegraded)
            {
                await Console.Error.WriteLineAsync("the Redis gate degraded during the run: numbers are not Redis numbers").ConfigureAwait(false);
                return 1;
            }
        }

        foreach (var n in callers)
        {
            Print("in-memory", n, await MeasureAsync(memoryGate, channel, n, duration).ConfigureAwait(false), null);
        }

        Print("allow-all", callers.Max(), await MeasureAsync(new AllowAllRateLimitGate(), channel, callers.Max(), duration).ConfigureAwait(false), null);
        return 0;
    }

    private static void Print(string gate, int callers, Result result, double? evalshaPerDecision) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{gate,-10} {callers,7} {result.PerSecond,12:N0} {result.P50Micros,8:N0} {result.P99Micros,8:N0} {(evalshaPerDecision is { } e ? e.ToString("0.000", CultureInfo.InvariantCulture) : "-"),17}"));

    private static async Task<Result> MeasureAsync(IRateLimitGate gate, Channel channel, int callers, TimeSpan duration, Func<Task<long>>? roundTrips = null)
    {
        // Warm-up: JIT, connection, script cache.
        for (var i = 0; i < 200; i++)
        {
            await gate.CheckMessageAsync(channel, $"warm-{i}@example.com", CancellationToken.None).ConfigureAwait(false);
        }

        var roundTripsBefore = roundTrips is null ? 0 : await roundTrips().ConfigureAwait(false);
        var recipients = Enumerable.Range(0, Recipients).Select(i => $"user-{i}@example.com").ToArray();
        var samples = new List<long>[callers];
        var counts = new long[callers];
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = samples[c] = new List<long>(4096);
            var i = c;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var before = Stopwatch.GetTimestamp();
                var verdict = await gate.CheckMessageAsync(channel, recipients[i % recipients.Length], CancellationToken.None).ConfigureAwait(false);
                if (verdict.Decision != RateLimitDecision.Allow)
                {
                    throw new InvalidOperationException($"unexpected {verdict.Decision}: the bench limits should never be reached");
                }

                if ((counts[c]++ & 15) == 0)
                {
                    mine.Add(Stopwatch.GetTimestamp() - before);
                }

                i += callers;
            }
        }))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var roundTripsDuring = roundTrips is null ? 0 : await roundTrips().ConfigureAwait(false) - roundTripsBefore;
        var all = samples.SelectMany(s => s).Order().ToArray();
        double Micros(double q) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, q * all.Length)] * 1_000_000.0 / Stopwatch.Frequency;
        var decisions = counts.Sum();
        return new Result(decisions, decisions / elapsed.TotalSeconds, Micros(0.5), Micros(0.99), roundTripsDuring);
    }

    private static async Task<long> EvalShaCallsAsync(IServer server)
    {
        var info = await server.InfoAsync("commandstats").ConfigureAwait(false);
        var line = info.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "cmdstat_evalsha").Value ?? "calls=0";
        var calls = line.Split(',')[0]["calls=".Length..];
        return long.Parse(calls, CultureInfo.InvariantCulture);
    }

    private sealed record Result(long Decisions, double PerSecond, double P50Micros, double P99Micros, long RoundTrips);
}
