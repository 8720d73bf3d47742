namespace K8sNotify.Operator.Runtime;

/// <summary>The non-generic side of a controller the manager runs while this replica leads.</summary>
internal interface IController
{
    string Kind { get; }

    /// <summary>Subscribes to the informers, enqueues every cached primary and reconciles until cancelled (leadership lost or shutdown).</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
