namespace K8sNotify.Operator.Runtime;

/// <summary>The non-generic side of an informer the host starts and the readiness check asks.</summary>
internal interface IRunnableInformer
{
    string Kind { get; }

    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    Task RunAsync(CancellationToken cancellationToken);
}
