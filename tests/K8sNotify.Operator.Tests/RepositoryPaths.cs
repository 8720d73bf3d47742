namespace K8sNotify.Operator.Tests;

/// <summary>Finds files of the source tree (manifests, goldens, examples) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Tests => Path.Combine(Root, "tests", "K8sNotify.Operator.Tests");

    public static string TestManifests(string name) => Path.Combine(Tests, "Builders", "manifests", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K8sNotify.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("K8sNotify.sln not found above " + AppContext.BaseDirectory);
    }
}
