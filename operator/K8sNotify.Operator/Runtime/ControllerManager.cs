using K8sNotify.Operator.Runtime.Leadership;

namespace K8sNotify.Operator.Runtime;

/// <summary>Runs every controller while this replica holds the lease, after the informer caches have synced.</summary>
internal sealed class ControllerManager(IEnumerable<IController> controllers, IEnumerable<IRunnableInformer> informers, ILeadership leadership)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var list = controllers.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await leadership.RunAsync(
            async leading =>
            {
                await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(leading))).ConfigureAwait(false);

                await Task.WhenAll(list.Select(c => c.RunAsync(leading))).ConfigureAwait(false);
            },
            stoppingToken).ConfigureAwait(false);
    }
}
