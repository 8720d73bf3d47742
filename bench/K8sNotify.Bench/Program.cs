using K8sNotify.Bench.Dispatcher;

// Bench scenarios; the Proof-under-load issue adds more.
return args switch
{
    ["dispatcher", .. var rest] => await DispatcherBench.RunAsync(rest, Console.Out).ConfigureAwait(false),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: K8sNotify.Bench dispatcher [--messages 20000] [--rate 1000] [--seconds 15] [--concurrency 64]");
    return 2;
}
