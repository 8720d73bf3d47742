using System.Runtime.InteropServices;
using K8sNotify.TestSupport;

namespace K8sNotify.Bench.Proof;

/// <summary>
/// Publishes the dispatcher the way dispatcher/Dockerfile does (Release, ReadyToRun for this machine's architecture,
/// framework-dependent, no apphost), so the bench measures the code the image runs: start-up and warm-up differ a lot
/// between ReadyToRun and JIT-only builds.
/// </summary>
internal static class DispatcherImageBuild
{
    private const string DllName = "k8snotify-dispatcher.dll";

    /// <summary>Publishes into a folder of the bench's own build output (its own artifacts path, so the normal build is left alone); returns the dll.</summary>
    public static async Task<string> PublishAsync(TextWriter output)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "dispatcher-image");
        var project = RepositoryRoot.Combine("dispatcher", "K8sNotify.Dispatcher", "K8sNotify.Dispatcher.csproj");
        var rid = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        await output.WriteLineAsync($"publishing the dispatcher as the image does (ReadyToRun, {rid}) into {root}").ConfigureAwait(false);
        var publish = await ToolProcess.RunAsync("dotnet",
        [
            "publish", project, "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-p:UseAppHost=false",
            "--artifacts-path", Path.Combine(root, "artifacts"), "-o", Path.Combine(root, "app"), "-nologo", "-v", "q",
        ]).ConfigureAwait(false);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the dispatcher failed ({publish.ExitCode}):\n{publish.Output}{publish.Errors}");
        }

        var dll = Path.Combine(root, "app", DllName);
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the dispatcher publish output has no " + DllName, dll);
    }
}
