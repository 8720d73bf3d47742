using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Says at start where limits live, and connects to Redis and loads the script before the first message.</summary>
internal sealed class RateLimiterStartup(
    IServiceProvider services,
    IOptions<RedisOptions> redisOptions,
    ReplicaCount replicas,
    ILogger<RateLimiterStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redisOptions.Value.IsConfigured)
        {
            Log.RateLimitsPerProcess(logger, replicas.Current);
            return;
        }

        var connection = services.GetRequiredService<RedisConnection>();
        Log.RateLimitsShared(logger, connection.Endpoints);
        try
        {
            await services.GetRequiredService<RedisGcraStore>().LoadScriptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RateLimitStoreUnavailableException e)
        {
            // Start anyway: the failure policy answers until the probe sees Redis.
            services.GetRequiredService<RedisLimiterHealth>().ReportFailure(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
