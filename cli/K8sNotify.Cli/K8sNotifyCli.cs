using System.CommandLine;
using K8sNotify.Cli.Commands;
using CommandInvoker = K8sNotify.Dispatcher.Cli.CommandInvoker;

namespace K8sNotify.Cli;

/// <summary>
/// The <c>k8snotify</c> command line: previews Templates, sends test notifications, reads status records and their
/// history, and lists and replays dead letters, against a cluster (kubeconfig and NATS URL) or a folder of manifests.
/// </summary>
internal static class K8sNotifyCli
{
    public const string ExecutableName = "k8snotify";

    public static RootCommand Create()
    {
        var global = new GlobalOptions();
        var root = new RootCommand(
            "k8snotify: preview Templates, send test notifications, read status and history, list and replay dead letters of K8sNotify Channels. "
            + "Resources come from the cluster of the kubeconfig, or from a folder of manifests with --manifests; messages and status from NATS (--nats).")
        {
            HelpName = ExecutableName,
        };
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(RenderCommand.Create(global));
        root.Subcommands.Add(SendCommand.Create(global));
        root.Subcommands.Add(StatusCommand.Create(global));
        root.Subcommands.Add(HistoryCommand.Create(global));
        root.Subcommands.Add(DeadLetterCommand.Create(global));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; the process exit code.</summary>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        CommandInvoker.InvokeAsync(Create(), args, stdout, stderr, cancellationToken);
}
