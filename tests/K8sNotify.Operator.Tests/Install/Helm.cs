using System.Diagnostics;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>Runs the helm CLI when it is on PATH (it is not installable on the build machines, so helm-based tests skip).</summary>
internal static class Helm
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>True when an executable named helm is on PATH.</summary>
    public static bool IsInstalled { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "helm")));

    /// <summary>Runs helm and returns its standard output; throws with its standard error when it fails.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("helm", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("helm could not be started");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"helm {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}");
    }
}
