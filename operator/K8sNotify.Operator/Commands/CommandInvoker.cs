using System.CommandLine;
using System.CommandLine.Invocation;

namespace K8sNotify.Operator.Commands;

/// <summary>Parses and invokes a command with its output and error streams, turning parse errors into exit code 2 and a usage line.</summary>
internal static class CommandInvoker
{
    /// <summary>Exit code of a command line that does not parse (unknown option, missing value, missing required option).</summary>
    public const int BadInput = 2;

    public static int Invoke(Command command, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        InvokeAsync(command, args, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> InvokeAsync(Command command, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(stderr);
        var result = command.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            var path = CommandPath(result.CommandResult.Command);
            foreach (var error in result.Errors)
            {
                await stderr.WriteLineAsync($"{result.CommandResult.Command.Name}: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync($"usage: {path} [options]   ('{path} --help' lists them)").ConfigureAwait(false);
            return BadInput;
        }

        // The host handles SIGTERM itself (graceful drain), so the parser must not cut it short.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            names.Insert(0, current is RootCommand ? OperatorCli.ExecutableName : current.Name);
        }

        if (names[0] != OperatorCli.ExecutableName)
        {
            names.Insert(0, OperatorCli.ExecutableName);
        }

        return string.Join(' ', names);
    }
}
