namespace K8sNotify.Api.Contract;

/// <summary>
/// The .NET runtime settings (garbage collector and JIT) of a dispatcher: the operator sets them on the container and
/// the proof bench runs its dispatchers with them, so the memory and start-up figures it reports are the Deployment's.
/// </summary>
public static class DispatcherRuntime
{
    /// <summary>
    /// Workstation concurrent GC (the project default) with a 4 MiB gen0 budget instead of one sized from the node's
    /// L3 cache, and a compacting gen2 that returns memory sooner (GCConserveMemory); TieredPGO on; start-up tiers
    /// lean on the image's ReadyToRun code. docs/benchmarks.md has the measurements behind each value.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("DOTNET_GCgen0size", "0x400000"),
        new("DOTNET_GCConserveMemory", "5"),
        new("DOTNET_TieredPGO", "1"),
    ];
}
