using System.Globalization;

namespace K8sNotify.Bench.Operator;

/// <summary>
/// Settings of the operator convergence bench: <c>--channels N</c> Channels spread over <c>--namespaces M</c> namespaces,
/// <c>--workers W</c> concurrent Channel reconciles in the operator, <c>--timeout S</c> seconds per phase, <c>--output DIR</c>
/// for the JSON result (default bench/results), <c>--memory-limit-mib M</c> to give the operator the GC heap limit .NET sets
/// itself in a container with that memory limit (75 %; 0 = none, as on this machine).
/// </summary>
internal sealed record OperatorBenchOptions(int Channels, int Namespaces, int Workers, int TimeoutSeconds, string? OutputDirectory, int MemoryLimitMiB = 0)
{
    public const int DefaultChannels = 1_000;
    public const int DefaultNamespaces = 10;
    public const int DefaultWorkers = 4;
    public const int DefaultTimeoutSeconds = 240;

    public static OperatorBenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var options = new OperatorBenchOptions(
            Int("channels", DefaultChannels),
            Int("namespaces", DefaultNamespaces),
            Int("workers", DefaultWorkers),
            Int("timeout", DefaultTimeoutSeconds),
            values.GetValueOrDefault("output"),
            Int("memory-limit-mib", 0));
        if (options.Channels < 1 || options.Namespaces < 1 || options.Namespaces > options.Channels || options.Workers < 1 || options.TimeoutSeconds < 1 || options.MemoryLimitMiB < 0)
        {
            throw new ArgumentException("need --channels >= --namespaces >= 1, --workers >= 1 and --timeout >= 1");
        }

        return options;
    }
}
