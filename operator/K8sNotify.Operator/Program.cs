using K8sNotify.Operator.Commands;
using K8sNotify.Operator.Crds;
using K8sNotify.Operator.Slo;

// Each subcommand lives in its own class; this switch only dispatches.
return args switch
{
    [GenerateCrdsCommand.Name, .. var rest] => GenerateCrdsCommand.Run(rest, Console.Out, Console.Error),
    [RenderCommand.Name, .. var rest] => RenderCommand.Run(rest, Console.Out, Console.Error),
    [RunCommand.Name, .. var rest] => await RunCommand.RunAsync([.. rest], Console.Error),
    [SloRulesCommand.Name, .. var rest] => SloRulesCommand.Run(rest, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: k8snotify-operator <command> [options]");
    Console.Error.WriteLine($"  {GenerateCrdsCommand.Name} [--output DIR]   write the CRD YAML (default DIR: {GenerateCrdsCommand.DefaultOutputDirectory})");
    Console.Error.WriteLine($"  {RunCommand.Usage}");
    Console.Error.WriteLine("      run the operator (in a cluster, or against the current kubeconfig context)");
    Console.Error.WriteLine($"  {RenderCommand.Usage}");
    Console.Error.WriteLine("      print every object the operator would apply for a folder of manifests, without a cluster");
    Console.Error.WriteLine($"  {SloRulesCommand.Usage}");
    Console.Error.WriteLine("      print the SLO recording rules and burn-rate alerts of each Channel (PrometheusRule or plain rule file)");
    return 2;
}
