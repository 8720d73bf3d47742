using System.Diagnostics;
using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;

namespace K8sNotify.Operator.Tests.Config;

/// <summary>Runs <c>kubectl kustomize</c> on a folder and parses the objects it prints.</summary>
internal static class Kustomize
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<JsonObject>> BuildAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("kubectl could not be started (is it on PATH?)");
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

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} exited with {process.ExitCode}: {await stderr}");
        }

        return [.. YamlJson.ParseDocuments(await stdout).Cast<JsonObject>()];
    }
}
