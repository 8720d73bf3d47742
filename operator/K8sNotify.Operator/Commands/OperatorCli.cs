using System.CommandLine;
using K8sNotify.Operator.Crds;
using K8sNotify.Operator.Slo;

namespace K8sNotify.Operator.Commands;

/// <summary>The <c>k8snotify-operator</c> command line: run, render, slo-rules and generate-crds, each with its own <c>--help</c>.</summary>
public static class OperatorCli
{
    public const string ExecutableName = "k8snotify-operator";

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("K8sNotify operator: turns Channel, Template and Provider resources into dispatcher Deployments.")
        {
            HelpName = ExecutableName,
        };
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RenderCommand.Create(SloRuleBuilder.Instance));
        root.Subcommands.Add(SloRulesCommand.Create());
        root.Subcommands.Add(GenerateCrdsCommand.Create());
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; the process exit code.</summary>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        CommandInvoker.InvokeAsync(Create(), args, stdout, stderr, cancellationToken);
}
