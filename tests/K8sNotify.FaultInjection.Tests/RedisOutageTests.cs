using System.Globalization;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>
/// redis-server stopped (by PID) for 10 s in the middle of a run and a new one started on the same port: failurePolicy open
/// keeps delivering through the in-memory limiter, closed holds everything until Redis is back; either way nothing is lost
/// or dead-lettered, and the switch and the recovery are each logged once and exported on /metrics.
/// </summary>
public sealed class RedisOutageTests
{
    private const string ChannelName = "faults";
    private const int DegradedEventId = 3002;
    private const int RecoveredEventId = 3003;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task StopRedis_WithFailurePolicyOpen_KeepsDeliveringInMemoryAndLosesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await OutageRun.StartAsync("open", ct);

        await run.PublishPhaseAsync("before", ct);
        await run.StopRedisAsync();
        await run.PublishPhaseAsync("during", ct);

        // Delivered while Redis is still down: the restart only comes after this poll (the outage lasts longer than 10 s
        // if a loaded machine needs longer to deliver them).
        await Poll.UntilAsync(() => run.Receiver.Processed.Count == 2 * run.Third, "the outage's notifications delivered while Redis is down", FaultChannel.Deadline(60), ct);
        await run.WaitDegradedGaugeAsync(1, ct);
        Assert.Equal(0.0, await run.DecisionsAsync(RateLimitScopesFailurePolicy, "delay", ct));

        await run.RestartRedisAfterOutageAsync(ct);
        await run.WaitDegradedGaugeAsync(0, ct);
        await run.PublishPhaseAsync("after", ct);
        await run.AssertEverythingSentOnceAsync("open", ct);
    }

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task StopRedis_WithFailurePolicyClosed_DelaysEverythingThenDeliversAllWithoutDeadLetters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await OutageRun.StartAsync("closed", ct);

        await run.PublishPhaseAsync("before", ct);
        await run.StopRedisAsync();
        await run.PublishPhaseAsync("during", ct);
        await run.WaitDegradedGaugeAsync(1, ct);
        await Poll.UntilAsync(async () => await run.DecisionsAsync(RateLimitScopesFailurePolicy, "delay", ct) > 0, "fail-closed delays counted", Outage, ct);

        await run.WaitOutOutageAsync(ct);
        Assert.Equal(run.Third, run.Receiver.Processed.Count);
        Assert.Equal(run.Third, run.Receiver.Requests.Count);

        await run.RestartRedisAfterOutageAsync(ct);
        await run.WaitDegradedGaugeAsync(0, ct);
        await run.PublishPhaseAsync("after", ct);
        await run.AssertEverythingSentOnceAsync("closed", ct);
    }

    // RateLimitScopes is internal to the dispatcher; its wire value is what /metrics shows.
    private const string RateLimitScopesFailurePolicy = "failure_policy";

    /// <summary>redis-server, nats-server, a webhook receiver and one dispatcher whose Channel has a (generous) per-Channel limit.</summary>
    private sealed class OutageRun : IAsyncDisposable
    {
        private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
        private readonly RedisServer _redis;
        private RedisServer? _restarted;
        private DateTimeOffset _outageStarted;
        private int _published;

        private OutageRun(RedisServer redis, NatsServer nats, NatsConnection client, WebhookReceiver receiver, FaultChannel channel, DispatcherChildProcess dispatcher)
        {
            _redis = redis;
            Nats = nats;
            Client = client;
            Receiver = receiver;
            Channel = channel;
            Dispatcher = dispatcher;
            Js = new NatsJSContext(client);
        }

        public int Third { get; } = FaultChannel.Scale(ci: 100, soak: 3_000);

        public NatsServer Nats { get; }

        public NatsConnection Client { get; }

        public NatsJSContext Js { get; }

        public WebhookReceiver Receiver { get; }

        public FaultChannel Channel { get; }

        public DispatcherChildProcess Dispatcher { get; }

        public static async Task<OutageRun> StartAsync(string failurePolicy, CancellationToken cancellationToken)
        {
            var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
            var nats = await NatsServer.StartAsync(cancellationToken: cancellationToken);
            var receiver = await WebhookReceiver.StartAsync(cancellationToken);

            // A limit nobody reaches: every message asks Redis, so the outage is felt by every message and only the policy decides.
            var channel = FaultChannel.WithWebhooks(
                [ChannelManifests.Webhook("hook", receiver.Url("hook"))],
                rateLimitsYaml: $"{{perChannel: {{requests: 100000, period: 1s}}, failurePolicy: {failurePolicy}}}");
            // The Redis command timeout is raised from its 250 ms default: on the shared 2-core CI machine a healthy Redis
            // sometimes answers later than that while two dispatchers start, which the limiter rightly treats as a stall
            // (degraded, recovered a probe later) but which is not the outage under test. The outage itself is seen at once:
            // stopping redis-server closes the connection.
            var dispatcher = await FaultDispatcher.StartAsync(
                channel.Manifests,
                nats.Url,
                cancellationToken,
                new Dictionary<string, string>
                {
                    ["K8SNOTIFY_REDIS"] = redis.ConnectionString,
                    ["K8SNOTIFY_RateLimiting__Redis__CommandTimeout"] = "00:00:02",
                });
            return new OutageRun(redis, nats, new NatsConnection(NatsOpts.Default with { Url = nats.Url }), receiver, channel, dispatcher);
        }

        /// <summary>Publishes a third of the run (ids "phase-i") and, outside the outage, waits for it to be delivered.</summary>
        public async Task PublishPhaseAsync(string phase, CancellationToken cancellationToken)
        {
            await FaultChannel.PublishAsync(Js, Enumerable.Range(0, Third).Select(i => FaultChannel.Good($"{phase}-{i}")), cancellationToken);
            _published += Third;
            if (_outageStarted == default || _restarted is not null)
            {
                await Poll.UntilAsync(() => Receiver.Processed.Count >= _published, $"the {phase} notifications delivered", FaultChannel.Deadline(60), cancellationToken);
            }
        }

        /// <summary>SIGTERM to redis-server's PID.</summary>
        public async Task StopRedisAsync()
        {
            await _redis.StopAsync();
            _outageStarted = DateTimeOffset.UtcNow;
        }

        /// <summary>The outage lasts <see cref="Outage"/>: this is the fault's length, not a wait for a condition.</summary>
        public async Task WaitOutOutageAsync(CancellationToken cancellationToken)
        {
            var left = _outageStarted + Outage - DateTimeOffset.UtcNow;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }
        }

        public async Task RestartRedisAfterOutageAsync(CancellationToken cancellationToken)
        {
            await WaitOutOutageAsync(cancellationToken);
            _restarted = await RedisServer.StartAsync(_redis.Port, cancellationToken);
        }

        public async Task WaitDegradedGaugeAsync(double value, CancellationToken cancellationToken) =>
            await Poll.UntilAsync(
                async () => FaultOutcome.MetricSum(await Dispatcher.MetricsAsync(cancellationToken), MetricNames.RateLimiterDegraded, (MetricNames.ChannelLabel, ChannelName)) == value,
                $"{MetricNames.RateLimiterDegraded} = {value} on /metrics",
                TimeSpan.FromSeconds(15),
                cancellationToken);

        public async Task<double> DecisionsAsync(string scope, string decision, CancellationToken cancellationToken) =>
            FaultOutcome.MetricSum(
                await Dispatcher.MetricsAsync(cancellationToken),
                MetricNames.RateLimitDecisionsTotal,
                (MetricNames.ChannelLabel, ChannelName),
                ("scope", scope),
                ("decision", decision));

        public async Task AssertEverythingSentOnceAsync(string policy, CancellationToken cancellationToken)
        {
            var total = 3 * Third;
            var status = await FaultOutcome.AllTerminalAsync(
                Js, total, FaultChannel.Deadline(60), () => $"processed {Receiver.Processed.Count}; exited {Dispatcher.HasExited}\n{FaultOutcome.Tail(Dispatcher.Output)}", cancellationToken);
            var copies = Receiver.AcceptedCopiesById();
            var lost = new[] { "before", "during", "after" }
                .SelectMany(p => Enumerable.Range(0, Third).Select(i => $"{p}-{i.ToString(CultureInfo.InvariantCulture)}"))
                .Count(id => !copies.ContainsKey(id));
            var duplicates = copies.Values.Sum(c => c - 1);
            var deadLetters = await FaultChannel.DeadLetterCountAsync(Js, cancellationToken);

            // The restarted redis-server starts with empty command statistics: script calls there are the limiter back on Redis.
            await using var probe = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_restarted!.ConnectionString + ",allowAdmin=true");
            var stats = (string?)await probe.GetDatabase().ExecuteAsync("INFO", "commandstats") ?? "";
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"redis outage ({policy}): sent {total}, delivered {copies.Count}, lost {lost}, duplicated {duplicates}, terminal {status.Values.Count(r => r.State.IsTerminal())}, "
                + $"dead letters {deadLetters}, degraded logged {Dispatcher.EventCount(DegradedEventId)}, recovered logged {Dispatcher.EventCount(RecoveredEventId)}, "
                + $"fail-closed delays {await DecisionsAsync(RateLimitScopesFailurePolicy, "delay", cancellationToken)}, {(DateTimeOffset.UtcNow - _started).TotalSeconds:F1}s");

            Assert.All(status.Values, r => Assert.Equal(NotificationState.Sent, r.State));
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicates);
            Assert.Equal(0UL, deadLetters);
            var redisLog = string.Join('\n', Dispatcher.Output.Split('\n').Where(l => l.Contains("Redis", StringComparison.Ordinal) || l.Contains($"[{DegradedEventId}]", StringComparison.Ordinal)));
            Assert.True(Dispatcher.EventCount(DegradedEventId) == 1, $"degraded logged {Dispatcher.EventCount(DegradedEventId)} times:\n{redisLog}");
            Assert.True(Dispatcher.EventCount(RecoveredEventId) == 1, $"recovered logged {Dispatcher.EventCount(RecoveredEventId)} times:\n{redisLog}");
            Assert.Matches(@"cmdstat_evalsha:calls=[1-9]", stats);
            Assert.False(Dispatcher.HasExited);
        }

        public async ValueTask DisposeAsync()
        {
            await Dispatcher.DisposeAsync();
            await Client.DisposeAsync();
            await Receiver.DisposeAsync();
            await Nats.DisposeAsync();
            await _redis.DisposeAsync();
            if (_restarted is not null)
            {
                await _restarted.DisposeAsync();
            }

            Channel.Dispose();
        }
    }
}
