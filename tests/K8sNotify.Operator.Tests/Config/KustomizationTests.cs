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
                ["NetworkPolicy"] = 1,
                ["PodDisruptionBudget"] = 1,
                ["Role"] = 1,
                ["RoleBinding"] = 1,
                ["Service"] = 1,
                ["ServiceAccount"] = 1,
            },
            kinds);
        Assert.Equal(
            ["channels.notify.k8snotify.io", "providers.notify.k8snotify.io", "templates.notify.k8snotify.io"],
            objects.Where(o => Kind(o) == "CustomResourceDefinition").Select(Name).Order(StringComparer.Ordinal));
        Assert.All(
            objects.Where(o => Kind(o) is "ServiceAccount" or "Role" or "RoleBinding" or "Deployment" or "Service" or "PodDisruptionBudget" or "NetworkPolicy"),
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
        Assert.Equal(["run", "--log-format", "json"], Strings(container["args"]));
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

    [Fact]
    public async Task Build_ProductionOverlay_HasNoSecretsAndNoQuickstart()
    {
        var objects = await Kustomize.BuildAsync(RepositoryRoot.Combine("examples", "overlays", "production"), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(objects, o => Kind(o) == "Secret");
        Assert.DoesNotContain(objects, o => Name(o) is "quickstart" or "quickstart-outbox");
        Assert.DoesNotContain(
            objects.Where(o => Kind(o) == ApiGroup.ProviderKind),
            o => o["spec"]!["type"]!.GetValue<string>() == "outbox");
        Assert.Contains(objects, o => Kind(o) == ApiGroup.ChannelKind && Name(o) == "orders-email");
    }

    [Fact]
    public async Task Build_ProductionOverlay_DocumentsEverySecretItsProvidersReference()
    {
        var objects = await Kustomize.BuildAsync(RepositoryRoot.Combine("examples", "overlays", "production"), TestContext.Current.CancellationToken);
        var comments = File.ReadAllText(RepositoryRoot.Combine("examples", "overlays", "production", "kustomization.yaml"));

        var referenced = objects.Where(o => Kind(o) == ApiGroup.ProviderKind)
            .SelectMany(o => SecretNames(o["spec"]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains("#   " + name + " ", comments, StringComparison.Ordinal));
    }

    // Every "name" next to a "key" under a *SecretRef / secretRef object of a Provider spec.
    private static IEnumerable<string> SecretNames(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o["name"] is JsonValue name && o["key"] is not null:
                yield return name.GetValue<string>();
                break;
            case JsonObject o:
                foreach (var child in o.Select(p => p.Value).SelectMany(SecretNames))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(SecretNames))
                {
                    yield return child;
                }

                break;
        }
    }

    private static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
