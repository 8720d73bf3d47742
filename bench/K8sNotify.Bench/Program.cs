using K8sNotify.Bench.Dispatcher;
using K8sNotify.Bench.Operator;
using K8sNotify.Bench.Proof;
using K8sNotify.Bench.RateLimiting;
using K8sNotify.Bench.Resilience;

if (args is [_, "--help" or "-h", ..])
{
    return Usage();
}

try
{
    return await RunAsync(args).ConfigureAwait(false);
}
catch (ArgumentException e)
{
    // A mistyped option is a usage error, not a crash.
    Console.Error.WriteLine($"error: {e.Message}");
    return Usage();
}

static async Task<int> RunAsync(string[] args) => args switch
{
    ["proof", .. var rest] => await ProofBench.RunAsync(rest, Console.Out).ConfigureAwait(false),
    ["dispatcher", .. var rest] => await DispatcherBench.RunAsync(rest, Console.Out).ConfigureAwait(false),
    ["ratelimit", .. var rest] => await RateLimitBench.RunAsync(rest).ConfigureAwait(false),
    ["resilience", .. var rest] => ResilienceBench.Run(rest),
    ["operator", .. var rest] => await OperatorBench.RunAsync(rest, Console.Out).ConfigureAwait(false),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: K8sNotify.Bench proof [--quick] [--repeats 3] [--operator-channels 1000] [--burst 20000] [--seconds 8] [--rates 500,2000,5000] [--scenarios outbox,webhook,...] [--out DIR] [--dispatcher-env NAME=VALUE] [--dispatcher-dll PATH | --build-output] [--max-warmup 90]");
    Console.Error.WriteLine("       K8sNotify.Bench dispatcher [--messages 20000] [--rate 1000] [--seconds 15] [--concurrency 64]");
    Console.Error.WriteLine("       K8sNotify.Bench ratelimit [--seconds 5] [--callers 1,16,64,256]   (rate limit decisions/s: Redis GCRA gate, in-memory, allow-all)");
    Console.Error.WriteLine("       K8sNotify.Bench resilience [--artifacts bench/results/resilience]   (BenchmarkDotNet: added ns and bytes per send of the resilience pipeline and router)");
    Console.Error.WriteLine("       K8sNotify.Bench operator [--channels 1000] [--namespaces 10] [--workers 4] [--timeout 240] [--memory-limit-mib 0] [--output DIR]   (operator convergence against the fake API server)");
    return 2;
}
