namespace K8sNotify.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, failures and notes to <see cref="Error"/> prefixed with the command.</summary>
internal sealed class CommandOutput(TextWriter output, TextWriter error, string prefix)
{
    public TextWriter Out => output;

    public TextWriter Error => error;

    /// <summary>One line on stderr: <c>k8snotify dlq replay: message</c>.</summary>
    public Task FailAsync(string message) => error.WriteLineAsync($"{prefix}: {message}");

    /// <summary>A note on stderr that does not change the outcome (stdout stays the result).</summary>
    public Task NoteAsync(string message) => error.WriteLineAsync($"{prefix}: {message}");
}
