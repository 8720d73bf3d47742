using System.Diagnostics;

namespace K8sNotify.Bench.Proof;

/// <summary>Runs a command-line tool to its end and returns its exit code and both output streams (read together, so neither pipe fills and blocks it).</summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return new ToolResult(process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
    }
}

/// <summary>What a finished tool left: its exit code, standard output and standard error.</summary>
internal sealed record ToolResult(int ExitCode, string Output, string Errors);
