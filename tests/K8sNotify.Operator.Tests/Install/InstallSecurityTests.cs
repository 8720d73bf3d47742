using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Commands;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>Every object we ship or generate passes the security checks (chart defaults: see ChartTests, helm only).</summary>
public sealed class InstallSecurityTests
{
    public static TheoryData<string> KustomizeFolders => [.. InstallSources.KustomizeFolders];

    [Theory]
    [MemberData(nameof(KustomizeFolders))]
    public async Task Kustomize_Build_PassesTheSecurityChecks(string folder)
    {
        var objects = await InstallSources.KustomizeAsync(folder, TestContext.Current.CancellationToken);
        var checker = new SecurityChecker(InstallSources.RbacTable());

        var violations = checker.Check(objects);

        Assert.NotEmpty(objects);
        Assert.True(violations.Count == 0, $"kubectl kustomize {folder}:\n" + string.Join('\n', violations));
    }

    [Fact]
    public async Task Kustomize_GitOpsEntry_GrantsExactlyTheDocumentedRules()
    {
        var objects = await InstallSources.KustomizeAsync(".", TestContext.Current.CancellationToken);

        var granted = SecurityChecker.Grants(objects);

        var documented = InstallSources.RbacTable().Scopes.Keys.ToHashSet();
        Assert.True(
            documented.SetEquals(granted),
            "operator/config/rbac differs from docs/rbac.md.\nGranted but not documented: "
                + string.Join(", ", granted.Except(documented)) + "\nDocumented but not granted: " + string.Join(", ", documented.Except(granted)));
    }

    [Fact]
    public async Task Kustomize_GitOpsEntry_SetsNamespaceOnEveryNamespacedObject()
    {
        var objects = await InstallSources.KustomizeAsync(".", TestContext.Current.CancellationToken);

        var clusterScoped = new HashSet<string> { "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding" };
        Assert.All(
            objects.Where(o => !clusterScoped.Contains(o["kind"]!.GetValue<string>())),
            o => Assert.Equal("k8snotify-system", o["metadata"]?["namespace"]?.GetValue<string>()));
    }

    [Fact]
    public void OperatorRender_Examples_PassesTheSecurityChecks()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = RenderCommand.Run(["-f", RepositoryRoot.Combine("examples"), "--namespace", "notifications"], stdout, stderr);

        Assert.True(exitCode == RenderCommand.Success, $"render -f examples exited with {exitCode}: {stderr}");
        var objects = YamlJson.ParseDocuments(stdout.ToString()).Cast<JsonObject>().ToList();
        Assert.Contains(objects, o => o["kind"]?.GetValue<string>() == "Deployment");
        Assert.Contains(objects, o => o["kind"]?.GetValue<string>() == "ConfigMap");
        var violations = new SecurityChecker(InstallSources.RbacTable()).Check(objects);
        Assert.True(violations.Count == 0, "k8snotify-operator render -f examples:\n" + string.Join('\n', violations));
    }
}
