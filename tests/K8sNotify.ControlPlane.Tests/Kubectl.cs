using System.Diagnostics;
using System.Text;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.ControlPlane.Tests;

/// <summary>Runs the real kubectl against one kubeconfig, with its own discovery cache, and captures what it prints.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Why kubectl cannot run here, or null when it can.</summary>
    public static string? UnavailableReason =>
        ServerProcess.Locate("kubectl") is null ? "kubectl is not installed" : null;

    public async Task<KubectlResult> RunAsync(params string[] args) => await RunAsync(args, stdin: null, DefaultTimeout).ConfigureAwait(false);

    public async Task<KubectlResult> RunAsync(string[] args, string? stdin, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(ServerProcess.Locate("kubectl")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(new StringBuilder(stdin), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {timeout.TotalSeconds}s");
        }

        return new KubectlResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
