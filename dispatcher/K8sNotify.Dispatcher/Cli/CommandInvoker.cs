using System.CommandLine;
using System.CommandLine.Invocation;

namespace K8sNotify.Dispatcher.Cli;

/// <summary>
/// Parses and invokes a command with its output and error streams, turning parse errors into exit code 2 and a usage
/// line; shared by the dispatcher's command line and the <c>k8snotify</c> tool.
/// </summary>
internal static class CommandInvoker
{
    /// <summary>Exit code of a command line that does not parse or lacks a required value.</summary>
    public const int BadInput = 2;

    public static async Task<int> InvokeAsync(Command command, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(stderr);
        var result = command.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            foreach (var error in result.Errors)
            {
                await stderr.WriteLineAsync($"{ExecutableOf(result.CommandResult.Command)}: {error.Message}").ConfigureAwait(false);
            }

            await WriteUsageAsync(stderr, result.CommandResult.Command).ConfigureAwait(false);
            return BadInput;
        }

        // The host drains in-flight work on SIGTERM itself, so the parser must not cut it short.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One line naming the command and where its options are listed.</summary>
    public static Task WriteUsageAsync(TextWriter writer, Command command)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(command);
        var path = PathOf(command);
        return writer.WriteLineAsync($"usage: {path} [options]   ('{path} --help' lists them)");
    }

    /// <summary>The command as typed: the executable (the root's help name) followed by the subcommand names.</summary>
    public static string PathOf(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var names = new List<string>();
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current is RootCommand root ? root.HelpName ?? root.Name : current.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>The executable name of the tool a command belongs to.</summary>
    public static string ExecutableOf(Command command) => PathOf(command).Split(' ')[0];
}
