namespace K8sNotify.Api.Contract;

/// <summary>
/// The .NET runtime settings (garbage collector and JIT) of a dispatcher: the operator sets them on the container and
/// the proof bench runs its dispatchers with them, so the memory and start-up figures it reports are the Deployment's.
/// </summary>
public static class DispatcherRuntime
{
    /// <summary>
    /// Workstation concurrent GC (the project default) with a 4 MiB gen0 budget instead of one sized from the node's L3
    /// cache, and a gen2 that compacts sooner to give memory back (GCConserveMemory); TieredPGO on (start-up runs the
    /// image's ReadyToRun code); idle thread-pool workers block instead of spinning, because spinning burns the pod's CPU
    /// quota and, with two replicas on a node, the other replica's cores. docs/benchmarks.md has the measurements.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("DOTNET_GCgen0size", "0x400000"),
        new("DOTNET_GCConserveMemory", "5"),
        new("DOTNET_TieredPGO", "1"),
        new("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
    ];
}
