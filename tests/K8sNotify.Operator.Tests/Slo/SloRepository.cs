namespace K8sNotify.Operator.Tests.Slo;

/// <summary>Finds the repository checkout (the folder with K8sNotify.sln) so tests can read examples/, docs/ and charts/.</summary>
internal static class SloRepository
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "K8sNotify.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no K8sNotify.sln above {AppContext.BaseDirectory}");
    });

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
