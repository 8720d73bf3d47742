using System.ComponentModel;
using System.Diagnostics;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>Runs the real promtool (Debian package prometheus); a missing binary fails the test rather than skipping it.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs <c>promtool args…</c> in a folder and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("promtool")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not on PATH; install it (Debian: apt-get install prometheus)", e);
        }

        using (process)
        {
            using var cts = new CancellationTokenSource(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"promtool {string.Join(' ', args)} did not finish within {Timeout}");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
