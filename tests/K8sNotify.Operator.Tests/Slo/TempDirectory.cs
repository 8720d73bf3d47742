namespace K8sNotify.Operator.Tests.Slo;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("k8snotify-slo-").FullName;

    public void Dispose()
    {
        // K8SNOTIFY_KEEP_TEMP=1 keeps generated rule and promtool test files for a look after a failure.
        if (Environment.GetEnvironmentVariable("K8SNOTIFY_KEEP_TEMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
    }
}
