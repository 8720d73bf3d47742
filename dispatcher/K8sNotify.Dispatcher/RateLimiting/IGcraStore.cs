namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Where GCRA state lives (Redis shared by all replicas, or this process's memory).</summary>
internal interface IGcraStore
{
    /// <summary>Decides every request atomically: all are consumed, or none is. Keys must be distinct.</summary>
    ValueTask<GcraOutcome> AcquireAsync(IReadOnlyList<GcraRequest> requests, CancellationToken cancellationToken);
}
