using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Config;

public sealed class KustomizationTests
{
    private const string OperatorNamespace = "k8snotify-system";

    [Fact]
    public async Task Build_RepositoryRoot_RendersCrdsAndOperatorInstall()
    {
        var objects = await Kustomize.BuildAsync(RepositoryRoot.Path, TestContext.Current.CancellationToken);

        var kinds = objects.GroupBy(Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["ClusterRole"] = 1,
                ["ClusterRoleBinding"] = 1,
                ["CustomResourceDefinition"] = 3,
                ["Deployment"] = 1,
                ["Namespace"] = 1,
                ["Role"] = 1,
                ["RoleBinding"] = 1,
                ["ServiceAccount"] = 1,
            },
            kinds);
        Assert.Equal(
            ["channels.notify.k8snotify.io", "providers.notify.k8snotify.io", "templates.notify.k8snotify.io"],
            objects.Where(o => Kind(o) == "CustomResourceDefinition").Select(Name).Order(StringComparer.Ordinal));
        Assert.All(
            objects.Where(o => Kind(o) is "ServiceAccount" or "Role" or "RoleBinding" or "Deployment"),
            o => Assert.Equal(OperatorNamespace, o["metadata"]?["namespace"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Build_RepositoryRoot_ClusterRoleIsLeastPrivilege()
    {
        var objects = await Kustomize.BuildAsync(RepositoryRoot.Path, TestContext.Current.CancellationToken);

        var rules = objects.Single(o => Kind(o) == "ClusterRole")["rules"]!.AsArray().Select(r => r!.AsObject()).ToList();
        foreach (var rule in rules)
        {
            foreach (var field in new[] { "apiGroups", "resources", "verbs" })
            {
                Assert.DoesNotContain("*", Strings(rule[field]));
            }
        }

        var secretVerbs = rules.Where(r => Strings(r["resources"]).Contains("secrets")).SelectMany(r => Strings(r["verbs"]));
        Assert.Equal(["list", "watch"], secretVerbs.Order(StringComparer.Ordinal));
        var ownResources = rules.Where(r => Strings(r["apiGroups"]).Contains(ApiGroup.Group)).SelectMany(r => Strings(r["resources"]));
        Assert.Contains("channels/status", ownResources);
        Assert.Contains("channels/finalizers", ownResources);
        var bindingSubject = objects.Single(o => Kind(o) == "ClusterRoleBinding")["subjects"]![0]!;
        Assert.Equal("k8snotify-operator", bindingSubject["name"]!.GetValue<string>());
        Assert.Equal(OperatorNamespace, bindingSubject["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task Build_RepositoryRoot_ManagerDeploymentIsHardened()
    {
        var objects = await Kustomize.BuildAsync(RepositoryRoot.Path, TestContext.Current.CancellationToken);

        var pod = objects.Single(o => Kind(o) == "Deployment")["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        Assert.Equal("k8snotify-operator", pod["serviceAccountName"]!.GetValue<string>());
        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal("RuntimeDefault", pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal(["ALL"], Strings(container["securityContext"]!["capabilities"]!["drop"]));
        Assert.Equal(["run"], Strings(container["args"]));
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.NotNull(container["resources"]?["requests"]);
    }

    [Fact]
    public async Task Build_Examples_RendersEveryKindOfTheQuickstart()
    {
        var objects = await Kustomize.BuildAsync(RepositoryRoot.Combine("examples"), TestContext.Current.CancellationToken);

        var providerTypes = objects.Where(o => Kind(o) == ApiGroup.ProviderKind)
            .Select(o => o["spec"]!["type"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(["fcm", "outbox", "slack", "smtp", "teams", "twilio", "webhook"], providerTypes.Order(StringComparer.Ordinal));
        var channelTypes = objects.Where(o => Kind(o) == ApiGroup.ChannelKind)
            .Select(o => o["spec"]!["type"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "email", "sms", "push", "chat" }, channelTypes);
        Assert.Contains(objects, o => Kind(o) == ApiGroup.ChannelKind && Name(o) == "quickstart");
        Assert.Contains(objects, o => Kind(o) == "Secret");
    }

    private static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
