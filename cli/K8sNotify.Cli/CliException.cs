namespace K8sNotify.Cli;

/// <summary>A failure the user can act on: its message is printed as it is (no stack trace) and the command exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
