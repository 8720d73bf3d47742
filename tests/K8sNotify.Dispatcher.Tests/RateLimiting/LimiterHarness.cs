using K8sNotify.Api.Providers.Outbox;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

/// <summary>One dispatcher's limiter (its own Redis connection, metrics registry and logs), wired as the DI extension wires it.</summary>
internal sealed class LimiterHarness : IAsyncDisposable
{
    private LimiterHarness(
        GcraRateLimitGate gate,
        RateLimitMetrics metrics,
        RecordingLoggerProvider logs,
        RedisConnection? connection,
        RedisGcraStore? store,
        RedisLimiterHealth? health)
    {
        Gate = gate;
        Metrics = metrics;
        Logs = logs;
        Connection = connection;
        Store = store;
        Health = health;
    }

    public GcraRateLimitGate Gate { get; }

    public RateLimitMetrics Metrics { get; }

    public RecordingLoggerProvider Logs { get; }

    public RedisConnection? Connection { get; }

    public RedisGcraStore? Store { get; }

    public RedisLimiterHealth? Health { get; }

    public static LimiterHarness Create(
        string? redis,
        int? replicas = null,
        TimeProvider? timeProvider = null,
        TimeSpan? probeInterval = null,
        TimeSpan? commandTimeout = null,
        TimeSpan? timeoutTolerance = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var logs = new RecordingLoggerProvider();
        var factory = logs.CreateFactory();
        var metrics = new RateLimitMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var limiterOptions = Options.Create(new RateLimiterOptions
        {
            Replicas = replicas,
            ProbeInterval = probeInterval ?? TimeSpan.FromMilliseconds(50),
            TimeoutTolerance = timeoutTolerance ?? RateLimiterOptions.DefaultTimeoutTolerance,
        });
        var local = new InMemoryGcraStore(time);
        if (redis is null)
        {
            return new LimiterHarness(new GcraRateLimitGate(local, null, null, metrics, limiterOptions), metrics, logs, null, null, null);
        }

        var redisOptions = Options.Create(new RedisOptions
        {
            Configuration = redis,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(2),
        });
        var connection = new RedisConnection(redisOptions);
        var store = new RedisGcraStore(connection, redisOptions, time, factory.CreateLogger<RedisGcraStore>());
        var health = new RedisLimiterHealth(store, metrics, limiterOptions, time, factory.CreateLogger<RedisLimiterHealth>());
        return new LimiterHarness(new GcraRateLimitGate(local, store, health, metrics, limiterOptions), metrics, logs, connection, store, health);
    }

    /// <summary>A Channel named <paramref name="name"/> in namespace <c>tests</c> with the given limits.</summary>
    public static Channel Channel(string name, ScopedRateLimit? perRecipient = null, ScopedRateLimit? perChannel = null, FailurePolicy policy = FailurePolicy.Open) =>
        new()
        {
            Metadata = new() { Name = name, NamespaceProperty = "tests" },
            Spec = new ChannelSpec
            {
                RateLimits = perRecipient is null && perChannel is null && policy == FailurePolicy.Open
                    ? null
                    : new ChannelRateLimits { PerRecipient = perRecipient, PerChannel = perChannel, FailurePolicy = policy },
            },
        };

    public static Provider Provider(string name, RateLimitSpec? quota) =>
        new()
        {
            Metadata = new() { Name = name, NamespaceProperty = "tests" },
            Spec = new ProviderSpec { Type = OutboxProviderKind.Instance.Type, RateLimit = quota },
        };

    public async ValueTask DisposeAsync()
    {
        if (Health is not null)
        {
            await Health.DisposeAsync();
        }

        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        Logs.Dispose();
    }
}
