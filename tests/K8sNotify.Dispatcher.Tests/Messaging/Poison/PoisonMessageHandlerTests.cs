using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using ScriptedProvider = K8sNotify.Dispatcher.Tests.Support.ScriptedProvider;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sNotify.Dispatcher.Tests.Messaging.Poison;

public sealed class PoisonMessageHandlerTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private const string PoisonRecipient = "poison@example.com";

    [Fact]
    public async Task FailedAsync_ProcessingKeepsThrowing_DeadLettersAfterMaxAttemptsWithTheExceptionType()
    {
        var provider = new ScriptedProvider();
        var gate = new ThrowingGate();
        var logs = new CapturingLoggerProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            DispatcherHarness.NewDirectory(),
            s => s.AddSingletonProvider(provider).AddSingleton<IRateLimitGate>(gate).AddSingleton<ILoggerProvider>(logs),
            new Dictionary<string, string?> { ["POISON:MAX_ATTEMPTS"] = "3" });

        for (var i = 0; i < 4; i++)
        {
            await harness.PublishAsync(DispatcherHarness.Message($"poison-{i}", to: PoisonRecipient));
            await harness.PublishAsync(DispatcherHarness.Message($"good-{i}"));
        }

        var cancel = TestContext.Current.CancellationToken;
        await Poll.UntilAsync(() => provider.Accepted.Count == 4, "good messages sent", cancellationToken: cancel);
        IReadOnlyList<(NATS.Client.Core.NatsHeaders Headers, string Payload)> letters = [];
        await Poll.UntilAsync(async () => (letters = await harness.DeadLettersAsync()).Count == 4, "poison messages dead-lettered", TimeSpan.FromSeconds(60), cancel);

        foreach (var letter in letters)
        {
            Assert.Equal("processing failed 3 times: System.InvalidOperationException", letter.Headers[NatsNames.DeadLetterReasonHeader].ToString());
        }

        for (var i = 0; i < 4; i++)
        {
            var status = await harness.StatusAsync($"poison-{i}");
            Assert.Equal(NotificationState.DeadLettered, status!.State);
            Assert.Contains("InvalidOperationException", status.Reason, StringComparison.Ordinal);
        }

        // Bounded: three attempts per message, never more, even a while later.
        await Task.Delay(TimeSpan.FromSeconds(2), cancel);
        Assert.Equal(12, gate.PoisonCalls);

        // One trace for the one failure site; the other eleven failures were only counted.
        var traces = logs.Entries.Count(e => e.Contains("[1200]", StringComparison.Ordinal) && e.Contains("InvalidOperationException: boom", StringComparison.Ordinal));
        Assert.Equal(1, traces);
    }

    [Fact]
    public async Task FailedAsync_MessageContentThatBreaksProcessing_IsDeadLetteredAndNeverBlocksGoodMessages()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            DispatcherHarness.NewDirectory(),
            s => s.AddSingletonProvider(provider),
            new Dictionary<string, string?> { ["POISON:MAX_ATTEMPTS"] = "2" });
        string[] poison =
        [
            DispatcherHarness.Message("big-exponent", data: """{"name":"Ada","order":1e999}"""),
            DispatcherHarness.Message("huge-integer", data: """{"name":"Ada","order":""" + "9" + new string('0', 4999) + "}"),
            DispatcherHarness.Message("duplicate-data", data: """{"name":"Ada","name":"Bob","order":1}"""),
            """{"id":"duplicate-top","id":"again","template":"welcome","to":"ada@example.com","data":{"name":"Ada","order":1}}""",
            DispatcherHarness.Message("lone-surrogate", data: """{"name":"\ud800","order":1}"""),
            DispatcherHarness.Message("line\\r\\nbreak", data: """{"order":"not a number"}"""),
        ];

        var n = 0;
        foreach (var payload in poison)
        {
            await harness.PublishAsync(payload);
            await harness.PublishAsync(DispatcherHarness.Message($"good-{n++}"));
        }

        var cancel = TestContext.Current.CancellationToken;
        await Poll.UntilAsync(() => provider.Accepted.Count == poison.Length, "good messages sent", cancellationToken: cancel);
        IReadOnlyList<(NATS.Client.Core.NatsHeaders Headers, string Payload)> letters = [];
        await Poll.UntilAsync(async () => (letters = await harness.DeadLettersAsync()).Count == poison.Length, "every poison message dead-lettered", TimeSpan.FromSeconds(60), cancel);
        foreach (var payload in poison)
        {
            var letter = Assert.Single(letters, l => l.Payload == payload);
            Assert.False(string.IsNullOrWhiteSpace(letter.Headers[NatsNames.DeadLetterReasonHeader].ToString()));
        }

        Assert.Equal(0, harness.Services.GetRequiredService<Dispatcher.Messaging.Poison.PoisonMessageHandler>().Tracked);
    }

    /// <summary>Throws for one recipient, as a bug deep in the pipeline would; allows everyone else.</summary>
    private sealed class ThrowingGate : IRateLimitGate
    {
        private int _poisonCalls;

        public int PoisonCalls => Volatile.Read(ref _poisonCalls);

        public ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken)
        {
            if (recipient == PoisonRecipient)
            {
                Interlocked.Increment(ref _poisonCalls);
                throw new InvalidOperationException("boom");
            }

            return ValueTask.FromResult(RateLimitVerdict.Allowed);
        }

        public ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
