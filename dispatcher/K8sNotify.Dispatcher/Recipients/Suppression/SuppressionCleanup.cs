using K8sNotify.Dispatcher.Configuration;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Recipients.Suppression;

/// <summary>Deletes expired suppression entries of the served Channels every <see cref="RecipientOptions.CleanupInterval"/> (they already count as absent).</summary>
public sealed class SuppressionCleanup(SuppressionStore store, ChannelRuntimeStore runtimes, IOptions<RecipientOptions> options, TimeProvider time, ILogger<SuppressionCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RemoveExpiredAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: expired entries already count as absent, the next start deletes them.
        }
    }

    private async Task RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.RemoveExpiredAsync(runtimes.All, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            logger.RecipientFaultNotRecorded("*", e.Message);
        }
    }
}
