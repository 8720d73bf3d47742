using K8sNotify.Api.Observability;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Prometheus;

namespace K8sNotify.Dispatcher.Tests.Resilience;

public sealed class ResilientProviderTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly ProviderMetrics _metrics = new(Metrics.NewCustomRegistry());

    private ResilientProvider Wrap(ScriptedProvider inner, ProviderResilienceSettings settings) =>
        new(inner, settings, _time, _metrics, NullLogger<ResilientProvider>.Instance);

    private ScriptedProvider Script(params DeliveryResult?[] script) => new("sms-a", script) { Time = _time };

    [Fact]
    public async Task SendAsync_TransientThenAccepted_RetriedOnFakeClock()
    {
        var inner = Script(DeliveryResult.Transient("HTTP 500"), DeliveryResult.Transient("HTTP 503"), DeliveryResult.Accepted("m-1"));
        using var provider = Wrap(inner, new ProviderResilienceSettings { MaxRetries = 2, Backoff = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) });
        var started = _time.GetUtcNow();

        var result = await FakeClock.DriveAsync(_time, provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken), Step, Limit);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.Equal(3, inner.Calls);
        Assert.True(inner.CallTimes[1] > inner.CallTimes[0], "the retry did not wait for a backoff");
        Assert.True(_time.GetUtcNow() > started);
        Assert.Equal(2, _metrics.RequestCount("sms-a", ProviderResults.Transient));
        Assert.Equal(1, _metrics.RequestCount("sms-a", ProviderResults.Accepted));
    }

    [Theory]
    [InlineData(DeliveryStatus.Permanent)]
    [InlineData(DeliveryStatus.Misconfigured)]
    public async Task SendAsync_NotTransient_NotRetried(DeliveryStatus status)
    {
        var inner = Script(new DeliveryResult(status, "no"));
        using var provider = Wrap(inner, new ProviderResilienceSettings { MaxRetries = 3 });

        var result = await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal(status, result.Status);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task SendAsync_AlwaysTransient_RetriesBoundedByMaxRetries()
    {
        var inner = Script(DeliveryResult.Transient("HTTP 500"));
        using var provider = Wrap(inner, new ProviderResilienceSettings { MaxRetries = 3, Backoff = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMinutes(1) });

        var result = await FakeClock.DriveAsync(_time, provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken), Step, Limit);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task SendAsync_RetryAfter_NextAttemptWaitsThatLong()
    {
        var inner = Script(DeliveryResult.Transient("HTTP 429", TimeSpan.FromSeconds(3)), DeliveryResult.Accepted());
        using var provider = Wrap(inner, new ProviderResilienceSettings { MaxRetries = 1, Backoff = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(10) });

        var result = await FakeClock.DriveAsync(_time, provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken), Step, Limit);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var waited = inner.CallTimes[1] - inner.CallTimes[0];
        Assert.InRange(waited, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task SendAsync_RetryAfterBeyondTimeout_ReturnedWithoutRetry()
    {
        var inner = Script(DeliveryResult.Transient("HTTP 429", TimeSpan.FromMinutes(5)), DeliveryResult.Accepted());
        using var provider = Wrap(inner, new ProviderResilienceSettings { MaxRetries = 2, Timeout = TimeSpan.FromSeconds(10) });

        var result = await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromMinutes(5), result.RetryAfter);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task SendAsync_ProviderHangs_TransientAfterSpecTimeout()
    {
        var inner = Script((DeliveryResult?)null);
        using var provider = Wrap(inner, new ProviderResilienceSettings { MaxRetries = 2, Timeout = TimeSpan.FromSeconds(2) });
        var started = _time.GetUtcNow();

        var result = await FakeClock.DriveAsync(_time, provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken), Step, Limit);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Equal("timed out after 2s", result.Reason);
        Assert.InRange(inner.CancelledAt!.Value - started, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + Step);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, _metrics.RequestCount("sms-a", ProviderResults.Timeout));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        var inner = Script((DeliveryResult?)null);
        using var provider = Wrap(inner, new ProviderResilienceSettings { Timeout = TimeSpan.FromSeconds(2) });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var send = provider.SendAsync(Notifications.Sms(), cts.Token);
        await K8sNotify.TestSupport.Poll.UntilAsync(() => inner.Calls == 1, "the provider was called", cancellationToken: TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    [Fact]
    public async Task SendAsync_FailureRatioReached_CircuitOpensSkipsThenHalfOpensAndCloses()
    {
        var inner = Script(DeliveryResult.Transient("HTTP 500"), DeliveryResult.Transient("HTTP 500"), DeliveryResult.Accepted());
        using var provider = Wrap(inner, new ProviderResilienceSettings
        {
            MaxRetries = 0,
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = TimeSpan.FromSeconds(5),
        });
        var ct = TestContext.Current.CancellationToken;

        await provider.SendAsync(Notifications.Sms(), ct);
        await provider.SendAsync(Notifications.Sms(), ct);

        Assert.Equal(CircuitState.Open, provider.CircuitState);
        Assert.True(provider.IsCircuitOpen);
        Assert.Equal(1, _metrics.CircuitStateValue("sms-a"));
        var rejected = await provider.SendAsync(Notifications.Sms(), ct);
        Assert.Equal(DeliveryStatus.Transient, rejected.Status);
        Assert.Equal("circuit open", rejected.Reason);
        Assert.Equal(2, inner.Calls);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(provider.IsCircuitOpen);
        var trial = await provider.SendAsync(Notifications.Sms(), ct);

        Assert.Equal(DeliveryStatus.Accepted, trial.Status);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(CircuitState.Closed, provider.CircuitState);
        Assert.Equal(0, _metrics.CircuitStateValue("sms-a"));
    }

    [Fact]
    public async Task SendAsync_PermanentErrors_DoNotOpenCircuit()
    {
        var inner = Script(DeliveryResult.Permanent("Twilio 21211: invalid 'To' phone number"));
        using var provider = Wrap(inner, new ProviderResilienceSettings { MinimumThroughput = 2, MaxRetries = 0 });

        for (var i = 0; i < 5; i++)
        {
            await provider.SendAsync(Notifications.Sms(), TestContext.Current.CancellationToken);
        }

        Assert.Equal(CircuitState.Closed, provider.CircuitState);
    }

    [Fact]
    public void From_Spec_ReadsEveryField()
    {
        var settings = ProviderResilienceSettings.From(new ProviderSpec
        {
            Timeout = "3s",
            Retry = new ProviderRetrySpec { MaxRetries = 4, Backoff = "50ms" },
            CircuitBreaker = new CircuitBreakerSpec { FailureRatio = "0.25", MinimumThroughput = 20, SamplingDuration = "1m", BreakDuration = "45s" },
        });

        Assert.Equal(new ProviderResilienceSettings
        {
            Timeout = TimeSpan.FromSeconds(3),
            MaxRetries = 4,
            Backoff = TimeSpan.FromMilliseconds(50),
            FailureRatio = 0.25,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromSeconds(45),
        }, settings);
    }

    [Fact]
    public void From_EmptySpec_UsesDefaults() =>
        Assert.Equal(new ProviderResilienceSettings(), ProviderResilienceSettings.From(new ProviderSpec()));

    [Theory]
    [InlineData("5ms", null, null, "spec.timeout")]
    [InlineData("10s", "1.5", null, "spec.circuitBreaker.failureRatio")]
    [InlineData("10s", null, "100ms", "spec.circuitBreaker.breakDuration")]
    [InlineData("ten", null, null, "spec.timeout")]
    public void From_OutOfRange_ThrowsNamingField(string timeout, string? ratio, string? breakDuration, string field)
    {
        var spec = new ProviderSpec
        {
            Timeout = timeout,
            CircuitBreaker = new CircuitBreakerSpec { FailureRatio = ratio ?? "0.5", BreakDuration = breakDuration ?? "30s" },
        };

        var e = Assert.Throws<ProviderConfigurationException>(() => ProviderResilienceSettings.From(spec));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }
}
