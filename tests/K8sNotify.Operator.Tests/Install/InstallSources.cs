using System.Text.Json.Nodes;
using K8sNotify.Operator.Tests.Config;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>The object sets we ship or generate, as the security tests read them.</summary>
internal static class InstallSources
{
    /// <summary>Kustomize folders we ship, relative to the repository root ("." is the GitOps entry: CRDs + operator).</summary>
    public static readonly string[] KustomizeFolders = [".", "examples", "examples/overlays/production"];

    /// <summary>The documented RBAC rules.</summary>
    public static RbacRuleTable RbacTable() => RbacRuleTable.Parse(File.ReadAllText(RepositoryRoot.Combine("docs", "rbac.md")));

    /// <summary>The objects <c>kubectl kustomize</c> prints for a folder of the repository.</summary>
    public static Task<IReadOnlyList<JsonObject>> KustomizeAsync(string folder, CancellationToken cancellationToken) =>
        Kustomize.BuildAsync(folder == "." ? RepositoryRoot.Path : RepositoryRoot.Combine(folder), cancellationToken);
}
