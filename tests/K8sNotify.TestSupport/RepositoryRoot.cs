namespace K8sNotify.TestSupport;

/// <summary>Locates the repository checkout the tests run from, so they can read crds/, examples/ and config files.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The folder holding K8sNotify.sln, found by walking up from the test assembly.</summary>
    public static string Path => Root.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "K8sNotify.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no K8sNotify.sln above {AppContext.BaseDirectory}");
    }
}
