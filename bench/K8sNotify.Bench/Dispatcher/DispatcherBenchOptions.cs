using System.Globalization;

namespace K8sNotify.Bench.Dispatcher;

/// <summary>
/// Settings of the dispatcher bench: <c>--messages N</c> for the throughput run, <c>--rate R --seconds S</c> for the latency
/// run; <c>--limits 1</c> turns rate limits on (a local redis-server, per-recipient and per-channel limits set far above
/// the load, so every message pays the limiter's round trip but none waits).
/// </summary>
internal sealed record DispatcherBenchOptions(int Messages, int Rate, int Seconds, int Concurrency, bool Limits = false)
{
    public const int DefaultMessages = 20_000;
    public const int DefaultRate = 1_000;
    public const int DefaultSeconds = 15;
    public const int DefaultConcurrency = 64;

    public static DispatcherBenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }

        return new DispatcherBenchOptions(
            values.GetValueOrDefault("messages", DefaultMessages),
            values.GetValueOrDefault("rate", DefaultRate),
            values.GetValueOrDefault("seconds", DefaultSeconds),
            values.GetValueOrDefault("concurrency", DefaultConcurrency),
            values.GetValueOrDefault("limits", 0) != 0);
    }
}
