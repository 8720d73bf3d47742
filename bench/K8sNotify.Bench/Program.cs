// Entry point of the bench tool: `dotnet run -c Release --project bench/K8sNotify.Bench -- <mode> [options]`.
using K8sNotify.Bench.RateLimiting;

return args switch
{
    ["ratelimit", .. var rest] => await RateLimitBench.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: K8sNotify.Bench <mode> [options]\n  ratelimit [--seconds 5] [--callers 1,16,64,256]   rate limit decisions/s (Redis GCRA gate, in-memory, allow-all)");
    return 2;
}
