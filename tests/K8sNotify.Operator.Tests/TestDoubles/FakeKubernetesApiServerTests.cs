using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.TestSupport.Kubernetes;

namespace K8sNotify.Operator.Tests.TestDoubles;

/// <summary>The fake API server behaves like the real one where the operator depends on it, seen through KubernetesClient.</summary>
public sealed class FakeKubernetesApiServerTests : IAsyncLifetime
{
    private const string Ns = "team-a";
    private const string Manager = "k8snotify-operator";
    private FakeKubernetesApiServer _server = null!;
    private IKubernetes _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ServerSideApply_CreateThenReapply_MergesFieldsAndDropsOnesTheManagerNoLongerApplies()
    {
        var created = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(Deployment(replicas: 2, labels: new() { ["app"] = "d", ["tier"] = "x" }), V1Patch.PatchType.ApplyPatch), "d", Ns, fieldManager: Manager, force: true, cancellationToken: Ct);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Contains(created.Metadata.ManagedFields, m => m.Manager == Manager && m.Operation == "Apply");

        // Someone else adds an annotation; the operator's next apply must keep it but drop its own old label.
        var other = _server.Get<V1Deployment>(Ns, "d")!;
        other.Metadata.Annotations = new Dictionary<string, string> { ["kept"] = "yes" };
        _server.Put(other);

        var updated = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(Deployment(replicas: 3, labels: new() { ["app"] = "d" }), V1Patch.PatchType.ApplyPatch), "d", Ns, fieldManager: Manager, force: true, cancellationToken: Ct);

        Assert.Equal(3, updated.Spec.Replicas);
        Assert.Equal(2, updated.Metadata.Generation);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "d" }, updated.Metadata.Labels);
        Assert.Equal("yes", updated.Metadata.Annotations["kept"]);
    }

    [Fact]
    public async Task ServerSideApply_SameConfigurationTwice_IsANoOp()
    {
        var patch = new V1Patch(Deployment(replicas: 1), V1Patch.PatchType.ApplyPatch);
        var first = await _client.AppsV1.PatchNamespacedDeploymentAsync(patch, "d", Ns, fieldManager: Manager, cancellationToken: Ct);
        var second = await _client.AppsV1.PatchNamespacedDeploymentAsync(patch, "d", Ns, fieldManager: Manager, cancellationToken: Ct);

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(1, second.Metadata.Generation);
    }

    [Fact]
    public async Task ServerSideApply_WithoutFieldManager_IsRejected()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(Deployment(1), V1Patch.PatchType.ApplyPatch), "d", Ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
    }

    [Fact]
    public async Task Replace_WithStaleResourceVersion_Is409Conflict()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, Ns, cancellationToken: Ct);
        created.Data["a"] = "2";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", Ns, cancellationToken: Ct);

        created.Data["a"] = "3";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", Ns, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("2", _server.Get<V1ConfigMap>(Ns, "c")!.Data["a"]);
    }

    [Fact]
    public async Task Create_Existing_Is409AlreadyExists()
    {
        var map = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } };
        await _client.CoreV1.CreateNamespacedConfigMapAsync(map, Ns, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(map, Ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task StatusSubresource_StatusChangesKeepGeneration_AndSpecChangesThereAreIgnored()
    {
        var channel = _server.Put(new Channel { Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = Ns }, Spec = new ChannelSpec { Subjects = ["orders.>"] } });
        var body = new Channel
        {
            Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = Ns, ResourceVersion = channel.Metadata.ResourceVersion },
            Spec = new ChannelSpec { Subjects = ["ignored.>"] },
            Status = new ChannelStatus { ObservedGeneration = 1, Replicas = 2 },
        };

        await _client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(body, ApiGroup.Group, ApiGroup.Version, Ns, ApiGroup.ChannelPlural, "orders", cancellationToken: Ct);

        var stored = _server.Get<Channel>(Ns, "orders")!;
        Assert.Equal(2, stored.Status!.Replicas);
        Assert.Equal(["orders.>"], stored.Spec.Subjects);
        Assert.Equal(1, stored.Metadata.Generation);
    }

    [Fact]
    public async Task MainResource_StatusInBodyIsIgnored_SpecChangeBumpsGeneration()
    {
        var channel = _server.Put(new Channel
        {
            Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = Ns },
            Spec = new ChannelSpec { Subjects = ["orders.>"] },
            Status = new ChannelStatus { Replicas = 1 },
        });
        channel.Spec.Subjects = ["orders.v2.>"];
        channel.Status = new ChannelStatus { Replicas = 9 };

        await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(channel, ApiGroup.Group, ApiGroup.Version, Ns, ApiGroup.ChannelPlural, "orders", cancellationToken: Ct);

        var stored = _server.Get<Channel>(Ns, "orders")!;
        Assert.Equal(2, stored.Metadata.Generation);
        Assert.Equal(1, stored.Status!.Replicas);
    }

    [Fact]
    public async Task MergePatchOnStatus_ChangesOnlyStatus()
    {
        _server.Put(new Channel { Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = Ns }, Spec = new ChannelSpec { Subjects = ["orders.>"] } });

        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"readyReplicas":2}}""", V1Patch.PatchType.MergePatch), ApiGroup.Group, ApiGroup.Version, Ns, ApiGroup.ChannelPlural, "orders", cancellationToken: Ct);

        var stored = _server.Get<Channel>(Ns, "orders")!;
        Assert.Equal(2, stored.Status!.ReadyReplicas);
        Assert.Equal(1, stored.Metadata.Generation);
    }

    [Fact]
    public async Task Delete_WithFinalizer_MarksDeletionUntilTheFinalizerIsRemoved()
    {
        _server.Put(new Channel { Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = Ns, Finalizers = ["notify.k8snotify.io/stream"] } });

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, Ns, ApiGroup.ChannelPlural, "orders", cancellationToken: Ct);
        var marked = _server.Get<Channel>(Ns, "orders");
        Assert.NotNull(marked?.Metadata.DeletionTimestamp);

        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/metadata/finalizers/0","value":"notify.k8snotify.io/stream"},{"op":"remove","path":"/metadata/finalizers/0"}]""", V1Patch.PatchType.JsonPatch),
            ApiGroup.Group, ApiGroup.Version, Ns, ApiGroup.ChannelPlural, "orders", cancellationToken: Ct);

        Assert.Null(_server.Get<Channel>(Ns, "orders"));
    }

    [Fact]
    public async Task JsonPatch_FailedTest_Is422AndChangesNothing()
    {
        _server.Put(new Channel { Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = Ns, Finalizers = ["a"] } });

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/metadata/finalizers/0","value":"b"},{"op":"remove","path":"/metadata/finalizers/0"}]""", V1Patch.PatchType.JsonPatch),
            ApiGroup.Group, ApiGroup.Version, Ns, ApiGroup.ChannelPlural, "orders", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Equal(["a"], _server.Get<Channel>(Ns, "orders")!.Metadata.Finalizers);
    }

    [Fact]
    public async Task Discovery_RegisteredCrdGroups_AreListedAndServed()
    {
        var before = await _client.Apis.GetAPIVersionsAsync(Ct);
        Assert.DoesNotContain(before.Groups, g => g.Name == "monitoring.coreos.com");
        await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.ListClusterCustomObjectAsync("monitoring.coreos.com", "v1", "servicemonitors", cancellationToken: Ct));

        _server.RegisterPrometheusOperatorResources();

        var after = await _client.Apis.GetAPIVersionsAsync(Ct);
        Assert.Contains(after.Groups, g => g.Name == "monitoring.coreos.com" && g.Versions.Any(v => v.Version == "v1"));
        Assert.Contains(after.Groups, g => g.Name == ApiGroup.Group);
        await _client.CustomObjects.ListClusterCustomObjectAsync("monitoring.coreos.com", "v1", "servicemonitors", cancellationToken: Ct);
    }

    [Fact]
    public async Task List_CarriesTheCurrentResourceVersion()
    {
        _server.Put(new V1Secret { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = Ns } });

        var list = await _client.CoreV1.ListNamespacedSecretAsync(Ns, cancellationToken: Ct);

        Assert.Single(list.Items);
        Assert.Equal(_server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task FailNext_MatchingRequests_Get500ThenRecover()
    {
        _server.FailNext(2, r => r.Verb == "list" && r.Resource == "configmaps");

        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedConfigMapAsync(Ns, cancellationToken: Ct));
            Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        }

        await _client.CoreV1.ListNamespacedConfigMapAsync(Ns, cancellationToken: Ct);
        await _client.CoreV1.ListNamespacedSecretAsync(Ns, cancellationToken: Ct);
        Assert.Equal(3, _server.RequestCount("list", "configmaps"));
    }

    private static V1Deployment Deployment(int replicas, Dictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = "d", NamespaceProperty = Ns, Labels = labels },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "d" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "d" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "dispatcher", Image = "k8snotify/dispatcher:dev" }] },
            },
        },
    };
}
