using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Status;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests;

/// <summary>Webhook providers that fail (500s), hang past their timeout, or answer slowly: everything is delivered once, nothing is stuck.</summary>
public sealed class ProviderFaultTests
{
    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task ServerErrors_UntilEveryNotificationFailedOnce_AllDeliveredByRedeliveryAfterRecovery()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 200, soak: 5_000);
        var started = DateTimeOffset.UtcNow;
        await using var receiver = await WebhookReceiver.StartAsync(ct);
        receiver.Respond("flaky", WebhookReceiver.Fail(500));
        await using var run = await Run.StartAsync([ChannelManifests.Webhook("flaky", receiver.Url("flaky"))], ct);

        await FaultChannel.PublishAsync(run.Js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"e500-{i}")), ct);

        // Down until every notification has failed at least once (its record says retrying); the circuit breaker lets
        // only a trial request through per break, so most of those failures are "circuit open" skips, not 500s.
        await run.AllRetryingAsync(total, "every notification failed at least once", ct);
        var failedRequests = receiver.Requests.Count(r => r.Status == 500);
        receiver.Respond("flaky", WebhookReceiver.Accept);

        var status = await run.AllTerminalAsync(total, ct);
        var result = Summary.Of(receiver, status, total, "e500-", started);
        TestContext.Current.TestOutputHelper?.WriteLine($"500s then recovery: {result}, 500 answers {failedRequests}, dead letters {await FaultChannel.DeadLetterCountAsync(run.Js, ct)}");
        Assert.All(status.Values, r => Assert.Equal(NotificationState.Sent, r.State));
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(0UL, await FaultChannel.DeadLetterCountAsync(run.Js, ct));
        Assert.All(status.Values, r => Assert.True(r.Attempts > 1, $"{r.Id} was sent on its first attempt although the provider failed it"));
        Assert.False(run.Dispatcher.HasExited);
    }

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task ServerErrors_OnPrimary_FailoverDeliversEverythingThroughSecondary()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 200, soak: 5_000);
        var started = DateTimeOffset.UtcNow;
        await using var receiver = await WebhookReceiver.StartAsync(ct);
        receiver.Respond("primary", WebhookReceiver.Fail(503));
        await using var run = await Run.StartAsync(
            [ChannelManifests.Webhook("primary", receiver.Url("primary")), ChannelManifests.Webhook("secondary", receiver.Url("secondary"))], ct);

        await FaultChannel.PublishAsync(run.Js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"fo-{i}")), ct);
        var status = await run.AllTerminalAsync(total, ct);
        var result = Summary.Of(receiver, status, total, "fo-", started);
        TestContext.Current.TestOutputHelper?.WriteLine($"500s with failover: {result}, primary requests {receiver.Requests.Count(r => r.Path == "primary")}");
        Assert.All(status.Values, r => Assert.Equal((NotificationState.Sent, "secondary"), (r.State, r.Provider)));
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.Contains(receiver.Requests, r => r.Path == "primary");
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "primary" && r.Status == 200);
        Assert.Equal(0UL, await FaultChannel.DeadLetterCountAsync(run.Js, ct));
    }

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task Hang_PastProviderTimeout_FailoverWithinTimeoutAndNothingStuck()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 200, soak: 5_000);
        var started = DateTimeOffset.UtcNow;
        await using var receiver = await WebhookReceiver.StartAsync(ct);
        receiver.Respond("primary", WebhookReceiver.Hang);
        await using var run = await Run.StartAsync(
            [ChannelManifests.Webhook("primary", receiver.Url("primary"), timeout: "1s", maxRetries: 0), ChannelManifests.Webhook("secondary", receiver.Url("secondary"))],
            ct);

        await FaultChannel.PublishAsync(run.Js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"hang-{i}")), ct);
        var status = await run.AllTerminalAsync(total, ct);
        var result = Summary.Of(receiver, status, total, "hang-", started);
        var metrics = await run.Dispatcher.MetricsAsync(ct);
        var timeouts = FaultOutcome.MetricSum(metrics, MetricNames.ProviderRequestsTotal, (MetricNames.ProviderLabel, "primary"), (MetricNames.ResultLabel, ProviderResults.Timeout));
        TestContext.Current.TestOutputHelper?.WriteLine($"hang past timeout: {result}, primary timeouts {timeouts}, primary requests {receiver.Requests.Count(r => r.Path == "primary")}");
        Assert.All(status.Values, r => Assert.Equal((NotificationState.Sent, "secondary"), (r.State, r.Provider)));
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.True(timeouts >= 1, "the hanging provider was never timed out");

        // Every hanging request was abandoned by the dispatcher at its 1 s timeout (slack for a loaded machine; no lower bound,
        // since the timeout also covers the time before the request reached the receiver): none is left open.
        await Poll.UntilAsync(() => receiver.InProgress == 0, "no request left hanging", TimeSpan.FromSeconds(10), ct);
        Assert.All(receiver.Requests.Where(r => r.Path == "primary"), r => Assert.Equal(499, r.Status));
        Assert.All(receiver.Requests.Where(r => r.Path == "primary"), r => Assert.True(r.Held < TimeSpan.FromSeconds(3), $"a hanging request was held {r.Held}"));
    }

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task Hang_OnTheOnlyProvider_NakedAndDeliveredOnceItAnswersAgainWithNothingStuck()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 100, soak: 2_000);
        var started = DateTimeOffset.UtcNow;
        await using var receiver = await WebhookReceiver.StartAsync(ct);
        receiver.Respond("only", WebhookReceiver.Hang);
        await using var run = await Run.StartAsync([ChannelManifests.Webhook("only", receiver.Url("only"), timeout: "1s", maxRetries: 0)], ct);

        await FaultChannel.PublishAsync(run.Js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"only-{i}")), ct);
        await run.AllRetryingAsync(total, "every notification timed out at least once", ct);
        var hung = receiver.Requests.Count(r => r.Status == 499);
        receiver.Respond("only", WebhookReceiver.Accept);

        var status = await run.AllTerminalAsync(total, ct);
        var result = Summary.Of(receiver, status, total, "only-", started);
        TestContext.Current.TestOutputHelper?.WriteLine($"hang on the only provider, then answers: {result}, abandoned requests {hung}, dead letters {await FaultChannel.DeadLetterCountAsync(run.Js, ct)}");
        Assert.All(status.Values, r => Assert.Equal(NotificationState.Sent, r.State));
        Assert.All(status.Values, r => Assert.True(r.Attempts > 1, $"{r.Id} was sent on its first attempt although the provider hung"));
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(0UL, await FaultChannel.DeadLetterCountAsync(run.Js, ct));
        await Poll.UntilAsync(() => receiver.InProgress == 0, "no request left hanging", TimeSpan.FromSeconds(10), ct);
    }

    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task SlowAnswers_LongerThanAckWait_AckProgressKeepsJetStreamFromRedelivering()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = FaultChannel.Scale(ci: 64, soak: 1_024);
        var started = DateTimeOffset.UtcNow;
        await using var receiver = await WebhookReceiver.StartAsync(ct);

        // Each answer takes 3 ack waits (and more than the 2 × ack-wait claim lease): without progress acks JetStream would redeliver
        // every message, and a redelivery past the lease would send it again.
        receiver.Respond("slow", WebhookReceiver.Slow(TimeSpan.FromSeconds(6)));
        await using var run = await Run.StartAsync(
            [ChannelManifests.Webhook("slow", receiver.Url("slow"), timeout: "20s", maxRetries: 0)],
            ct,
            concurrency: 32,
            ackWait: TimeSpan.FromSeconds(2));

        await FaultChannel.PublishAsync(run.Js, Enumerable.Range(0, total).Select(i => FaultChannel.Good($"slow-{i}")), ct);
        var status = await run.AllTerminalAsync(total, ct);
        var result = Summary.Of(receiver, status, total, "slow-", started);
        TestContext.Current.TestOutputHelper?.WriteLine($"slow provider: {result}, requests {receiver.Requests.Count}");
        Assert.All(status.Values, r => Assert.Equal((NotificationState.Sent, 1), (r.State, r.Attempts)));
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(total, receiver.Requests.Count);
    }

    /// <summary>A NATS server, a connection and one dispatcher on the webhook fault Channel.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private Run(NatsServer nats, NatsConnection client, FaultChannel channel, DispatcherChildProcess dispatcher)
        {
            Nats = nats;
            Client = client;
            Channel = channel;
            Dispatcher = dispatcher;
            Js = new NatsJSContext(client);
        }

        public NatsServer Nats { get; }

        public NatsConnection Client { get; }

        public FaultChannel Channel { get; }

        public DispatcherChildProcess Dispatcher { get; }

        public NatsJSContext Js { get; }

        public static async Task<Run> StartAsync(
            IReadOnlyList<(string Name, string Yaml)> providers,
            CancellationToken cancellationToken,
            int concurrency = 16,
            TimeSpan? ackWait = null)
        {
            var nats = await NatsServer.StartAsync(cancellationToken: cancellationToken);
            var channel = FaultChannel.WithWebhooks(providers, concurrency: concurrency);
            var environment = new Dictionary<string, string>();
            if (ackWait is { } wait)
            {
                environment["K8SNOTIFY_PIPELINE__ACK_WAIT"] = wait.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            }

            var dispatcher = await FaultDispatcher.StartAsync(channel.Manifests, nats.Url, cancellationToken, environment);
            return new Run(nats, new NatsConnection(NatsOpts.Default with { Url = nats.Url }), channel, dispatcher);
        }

        public Task<Dictionary<string, StatusRecord>> AllTerminalAsync(int total, CancellationToken cancellationToken) =>
            FaultOutcome.AllTerminalAsync(
                Js, total, FaultChannel.Deadline(90), () => $"exited {Dispatcher.HasExited}\n{FaultOutcome.Tail(Dispatcher.Output)}", cancellationToken);

        /// <summary>Waits until every notification has a record that says retrying: each failed at least once.</summary>
        public async Task AllRetryingAsync(int total, string what, CancellationToken cancellationToken)
        {
            var seen = "no status records read yet";
            try
            {
                await Poll.UntilAsync(
                    async () =>
                    {
                        var records = await FaultChannel.ReadStatusAsync(Js, cancellationToken);
                        seen = string.Join(", ", records.Values.GroupBy(r => (r.State, r.Attempts)).Select(g => $"{g.Key.State}/{g.Key.Attempts}: {g.Count()}"));
                        return records.Count == total && records.Values.All(HasFailedOnce);
                    },
                    what,
                    FaultChannel.Deadline(60),
                    cancellationToken);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; last seen (state/attempts: count): {seen}", e);
            }
        }

        /// <summary>
        /// A notification has failed at least once when it waits for its retry, or when a later attempt has begun (a long
        /// backoff parks it and its release starts attempt 2, so "all retrying at the same moment" need not happen).
        /// </summary>
        private static bool HasFailedOnce(StatusRecord record) =>
            record.State is NotificationState.Retrying || (record.Attempts > 1 && !record.State.IsTerminal());

        public async ValueTask DisposeAsync()
        {
            await Dispatcher.DisposeAsync();
            await Client.DisposeAsync();
            await Nats.DisposeAsync();
            Channel.Dispose();
        }
    }

    /// <summary>sent / delivered / lost / duplicated / terminal of one run, as the receiver and the status bucket see it.</summary>
    private sealed record Summary(int Sent, int Delivered, int Lost, int Duplicates, int Terminal, double Seconds)
    {
        public static Summary Of(WebhookReceiver receiver, Dictionary<string, StatusRecord> status, int total, string prefix, DateTimeOffset started)
        {
            var copies = receiver.AcceptedCopiesById();
            return new Summary(
                total,
                copies.Count,
                Enumerable.Range(0, total).Count(i => !copies.ContainsKey(prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                copies.Values.Sum(c => c - 1),
                status.Values.Count(r => r.State.IsTerminal()),
                (DateTimeOffset.UtcNow - started).TotalSeconds);
        }

        public override string ToString() =>
            $"sent {Sent}, delivered {Delivered}, lost {Lost}, duplicated {Duplicates}, terminal {Terminal}, {Seconds:F1}s";
    }
}
