using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace K8sNotify.Bench.Resilience;

/// <summary>
/// <c>resilience</c>: runs <see cref="ResilienceBenchmarks"/> with a short in-process job (a few minutes on a shared
/// machine); the reports go to bench/results/resilience/ (git-ignored).
/// </summary>
internal static class ResilienceBench
{
    private const string DefaultArtifacts = "bench/results/resilience";

    public static int Run(string[] args)
    {
        var artifacts = args is ["--artifacts", var path] ? path : DefaultArtifacts;
        if (args.Length > 0 && args is not ["--artifacts", _])
        {
            Console.Error.WriteLine("usage: resilience [--artifacts bench/results/resilience]");
            return 2;
        }

        // In process: no separate generated project to build (the repo's analyzers and warnings-as-errors would apply
        // to it), and fewer processes on a shared machine. Short: 3 warmups, 8 measured iterations, one launch.
        var job = Job.ShortRun
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithLaunchCount(1)
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.GetFullPath(artifacts))
            .WithOptions(ConfigOptions.JoinSummary);

        Console.WriteLine($"load average before: {LoadAverage()}");
        Summary summary = BenchmarkRunner.Run<ResilienceBenchmarks>(config);
        Console.WriteLine($"load average after: {LoadAverage()}");
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
