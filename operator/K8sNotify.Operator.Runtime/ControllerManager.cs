using K8sNotify.Operator.Runtime.Leadership;

namespace K8sNotify.Operator.Runtime;

/// <summary>Runs every controller while this replica holds the lease, after the informer caches have synced.</summary>
internal sealed class ControllerManager(IEnumerable<IController> controllers, IEnumerable<IRunnableInformer> informers, ILeadership leadership, OperatorMetrics metrics)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var list = controllers.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await leadership.RunAsync(leading => RunControllersAsync(list, leading), stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the controllers for one leadership term. If one of them fails, the others are stopped too and the failure
    /// ends the term: a leader must never keep the lease while part of its controllers is dead.
    /// </summary>
    private async Task RunControllersAsync(IReadOnlyList<IController> list, CancellationToken leading)
    {
        await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(leading))).ConfigureAwait(false);
        using var term = CancellationTokenSource.CreateLinkedTokenSource(leading);
        metrics.SetLeader(true);
        try
        {
            var running = list.Select(c => RunOneAsync(c, term)).ToList();
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        finally
        {
            metrics.SetLeader(false);
        }
    }

    private static async Task RunOneAsync(IController controller, CancellationTokenSource term)
    {
        try
        {
            await controller.RunAsync(term.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
        }
        catch
        {
            await term.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
