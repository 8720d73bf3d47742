using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Says at start where limits live, and connects to Redis, loads the script and runs it a few times before the first message.</summary>
internal sealed class RateLimiterStartup(
    IServiceProvider services,
    IOptions<RedisOptions> redisOptions,
    ReplicaCount replicas,
    RateLimiterReadiness readiness,
    ILogger<RateLimiterStartup> logger) : IHostedService
{
    /// <summary>Script runs before ready: the first ones pay for connection set-up and JIT and can exceed the command timeout.</summary>
    public const int WarmUpCalls = 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redisOptions.Value.IsConfigured)
        {
            Log.RateLimitsPerProcess(logger, replicas.Current);
            readiness.MarkWarm();
            return;
        }

        var connection = services.GetRequiredService<RedisConnection>();
        Log.RateLimitsShared(logger, connection.Endpoints);
        try
        {
            var store = services.GetRequiredService<RedisGcraStore>();
            await store.LoadScriptAsync(cancellationToken).ConfigureAwait(false);

            // A key of its own with a limit nothing reaches: the calls only warm the path, they limit nothing.
            var warmUp = new[] { new GcraRequest("k8snotify:warmup", GcraLimit.Create(1_000_000, TimeSpan.FromSeconds(1), null)) };
            for (var i = 0; i < WarmUpCalls; i++)
            {
                await store.AcquireAsync(warmUp, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RateLimitStoreUnavailableException e)
        {
            // Start anyway: the failure policy answers until the probe sees Redis.
            services.GetRequiredService<RedisLimiterHealth>().ReportFailure(e);
        }

        readiness.MarkWarm();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
