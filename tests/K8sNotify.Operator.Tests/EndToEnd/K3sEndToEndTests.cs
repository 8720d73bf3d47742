using System.Text;
using k8s;
using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Controllers;
using K8sNotify.Operator.Runtime;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Testcontainers.K3s;

namespace K8sNotify.Operator.Tests.EndToEnd;

/// <summary>
/// The operator in-process against a real K3s cluster (Testcontainers): generated CRDs applied, examples created,
/// Deployments, HPAs and status asserted. Needs a Docker engine; skipped with the reason "no Docker engine" without one.
/// Run only these: <c>dotnet test --project tests/K8sNotify.Operator.Tests -- --filter-class '*K3sEndToEndTests'</c>.
/// </summary>
public sealed class K3sEndToEndTests
{
    public const string K3sImage = "rancher/k3s:v1.31.4-k3s1";
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Examples_OnK3s_DeploymentsAutoscalersAndStatus()
    {
        if (DockerEngine.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var ct = TestContext.Current.CancellationToken;
        await using var k3s = new K3sBuilder(K3sImage).Build();
        await k3s.StartAsync(ct);
        var kubeconfig = await k3s.GetKubeconfigAsync();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig)));
        using var client = new Kubernetes(config);
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);

        await ApplyCrdsAsync(client, ct);
        var examples = ManifestReader.ReadDirectory(RepositoryRoot.Combine("examples"));
        await CreateSecretsAsync(client, examples, ct);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Operator:LeaseNamespace"] = "default",
            ["Operator:Identity"] = "k3s-e2e",
            ["Dispatcher:NatsUrl"] = nats.Url,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IKubernetes>(new Kubernetes(config));
        builder.Services.AddOperatorRuntime(builder.Configuration);
        builder.Services.AddK8sNotifyControllers(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            await CreateExamplesAsync(client, examples, ct);

            foreach (var channel in examples.Channels)
            {
                var name = channel.Metadata.Name;
                await Poll.UntilAsync(
                    async () => (await client.AppsV1.ListNamespacedDeploymentAsync("default", fieldSelector: $"metadata.name={name}-dispatcher", cancellationToken: ct)).Items.Count == 1,
                    $"Deployment {name}-dispatcher", ClusterTimeout, ct);
                var hpa = await client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(name + "-dispatcher", "default", cancellationToken: ct);
                Assert.Equal(channel.Spec.Dispatcher?.Replicas?.Min ?? 1, hpa.Spec.MinReplicas);
                await client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync(name + "-dispatcher", "default", cancellationToken: ct);

                // The dispatcher image is not pullable inside K3s here, so the Channel is Reconciling, not Stalled.
                await Poll.UntilAsync(
                    async () =>
                    {
                        var status = (await ReadChannelAsync(client, name, ct)).Status;
                        return status?.ObservedGeneration is not null
                            && StatusConditions.Find(status, ConditionTypes.Stalled)?.Status == "False"
                            && status.Stream?.Name == NatsNames.StreamName(channel);
                    },
                    $"Channel {name} status", ClusterTimeout, ct);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Channel> ReadChannelAsync(IKubernetes client, string name, CancellationToken ct)
    {
        var json = await client.CustomObjects.GetNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, "default", ApiGroup.ChannelPlural, name, ct);
        return KubernetesJson.Deserialize<Channel>(KubernetesJson.Serialize(json));
    }

    private static async Task ApplyCrdsAsync(IKubernetes client, CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("crds"), "notify.k8snotify.io_*.yaml"))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file, ct));
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        }

        await Poll.UntilAsync(
            async () => (await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: ct)).Items
                .Count(c => c.Spec.Group == ApiGroup.Group && c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true) == 3,
            "CRDs established", ClusterTimeout, ct);
    }

    // The examples reference credentials kept out of git; placeholders with the right keys stand in for them.
    private static async Task CreateSecretsAsync(IKubernetes client, ManifestSet examples, CancellationToken ct)
    {
        var keys = examples.Providers.SelectMany(p => SecretReferences.Of(p)).Concat(examples.Channels.SelectMany(SecretReferences.Of))
            .GroupBy(r => r.Name, StringComparer.Ordinal);
        foreach (var secret in keys)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(
                new V1Secret
                {
                    Metadata = new V1ObjectMeta { Name = secret.Key },
                    StringData = secret.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => "placeholder"),
                },
                "default",
                cancellationToken: ct);
        }
    }

    private static async Task CreateExamplesAsync(IKubernetes client, ManifestSet examples, CancellationToken ct)
    {
        foreach (var (plural, items) in new (string, IEnumerable<IKubernetesObject<V1ObjectMeta>>)[]
        {
            (ApiGroup.ProviderPlural, examples.Providers),
            (ApiGroup.TemplatePlural, examples.Templates),
            (ApiGroup.ChannelPlural, examples.Channels),
        })
        {
            foreach (var item in items)
            {
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(item, ApiGroup.Group, ApiGroup.Version, "default", plural, cancellationToken: ct);
            }
        }
    }
}
