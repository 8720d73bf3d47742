namespace K8sNotify.Operator.Runtime;

/// <summary>Runs every registered informer on every replica, so standbys have warm caches when they take over.</summary>
internal sealed class InformerHostedService(IEnumerable<IRunnableInformer> informers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(informers.Select(informer => informer.RunAsync(stoppingToken)));
}
