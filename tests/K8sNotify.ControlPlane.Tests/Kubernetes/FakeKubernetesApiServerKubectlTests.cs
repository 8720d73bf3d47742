using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.ControlPlane.Tests.Kubernetes;

/// <summary>The API server double as the real kubectl sees it: every command of the dev-cluster walkthrough.</summary>
public sealed class FakeKubernetesApiServerKubectlTests
{
    private const string Channel = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Channel
        metadata:
          name: orders
          namespace: shop
        spec:
          type: email
          subjects: [notify.orders]
          templates: [order-confirmation]
          providers: [{name: primary}]
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx
        """;

    [Fact]
    public async Task ApplyServerSideKustomization_Examples_StoredAndPrintedWithPrinterColumns()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();

        var applied = (await plane.Kubectl.RunAsync("apply", "--server-side", "-k", "examples/")).EnsureSuccess();

        Assert.Contains("channel.notify.k8snotify.io/orders-email serverside-applied", applied.Stdout, StringComparison.Ordinal);
        Assert.NotNull(plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "default", "orders-email"));
        var secret = plane.Api.GetJson(string.Empty, "secrets", "default", "smtp-primary-credentials")!;
        Assert.Null(secret["stringData"]);
        Assert.NotNull(secret["data"]?["password"]);

        var channels = (await plane.Kubectl.RunAsync("get", "channels")).EnsureSuccess().Stdout;
        Assert.Matches(@"^NAME\s+TYPE\s+READY\s+SUSPENDED\s+REPLICAS\s+AGE", channels);
        Assert.Matches(@"(?m)^orders-email\s+email\s", channels);
        Assert.DoesNotMatch(@"(?m)^orders-email\s.*\btrue\b", channels);

        (await plane.Kubectl.RunAsync("patch", "channel", "orders-email", "--type", "merge", "-p", """{"spec":{"suspend":true}}""")).EnsureSuccess();
        var suspended = (await plane.Kubectl.RunAsync("get", "channels")).EnsureSuccess().Stdout;
        Assert.Matches(@"(?m)^orders-email\s+email\s.*\btrue\b", suspended);
        var providers = (await plane.Kubectl.RunAsync("get", "providers")).EnsureSuccess().Stdout;
        Assert.Matches(@"^NAME\s+TYPE\s+READY\s+SUSPENDED\s+AGE", providers);

        var all = (await plane.Kubectl.RunAsync("get", "k8snotify")).EnsureSuccess().Stdout;
        Assert.Contains("channel.notify.k8snotify.io/orders-sms", all, StringComparison.Ordinal);
        Assert.Contains("provider.notify.k8snotify.io/smtp-primary", all, StringComparison.Ordinal);
        Assert.Contains("template.notify.k8snotify.io/welcome", all, StringComparison.Ordinal);

        var shortName = (await plane.Kubectl.RunAsync("get", "nch", "orders-email", "-o", "jsonpath={.spec.type}")).EnsureSuccess().Stdout;
        Assert.Equal("email", shortName);
    }

    [Fact]
    public async Task Wait_ConditionReady_ReturnsOnceTheStatusSubresourceSaysReady()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("channel.yaml", Channel))).EnsureSuccess();

        var notYet = await plane.Kubectl.RunAsync("wait", "-n", "shop", "--for=condition=Ready", "channel/orders", "--timeout=1s");
        Assert.NotEqual(0, notYet.ExitCode);

        // The main resource ignores status; only the status subresource sets it.
        (await plane.Kubectl.RunAsync("patch", "-n", "shop", "channel", "orders", "--type=merge", "-p", ReadyStatus)).EnsureSuccess();
        Assert.Null(plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders")!["status"]);

        var wait = plane.Kubectl.RunAsync(["wait", "-n", "shop", "--for=condition=Ready", "channel/orders", "--timeout=30s"], null, Kubectl.DefaultTimeout, TestContext.Current.CancellationToken);
        (await plane.Kubectl.RunAsync("patch", "-n", "shop", "channel", "orders", "--subresource=status", "--type=merge", "-p", ReadyStatus)).EnsureSuccess();

        var waited = (await wait).EnsureSuccess();
        Assert.Contains("channel.notify.k8snotify.io/orders condition met", waited.Stdout, StringComparison.Ordinal);
        var get = (await plane.Kubectl.RunAsync("get", "-n", "shop", "channel", "orders")).EnsureSuccess().Stdout;
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(get, @"(?m)^orders\s+email\s+True\s+false\s+2\s"), get);
    }

    [Fact]
    public async Task Describe_ChannelWithEvents_ShowsSpecStatusAndEvents()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("channel.yaml", Channel))).EnsureSuccess();
        var channel = plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders")!;
        using var client = plane.Api.CreateClient();
        await client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = "orders.1", NamespaceProperty = "shop" },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = ApiGroup.ApiVersion,
                    Kind = ApiGroup.ChannelKind,
                    Name = "orders",
                    NamespaceProperty = "shop",
                    Uid = channel["metadata"]!["uid"]!.GetValue<string>(),
                },
                Type = "Warning",
                Reason = "SecretKeyNotFound",
                Message = "Secret 'smtp' has no key 'password'",
                Source = new V1EventSource { Component = "k8snotify-operator" },
                FirstTimestamp = DateTime.UtcNow,
                LastTimestamp = DateTime.UtcNow,
                Count = 1,
            },
            "shop",
            cancellationToken: TestContext.Current.CancellationToken);

        var described = (await plane.Kubectl.RunAsync("describe", "-n", "shop", "channel", "orders")).EnsureSuccess().Stdout;

        Assert.Contains("notify.orders", described, StringComparison.Ordinal);
        Assert.Matches(@"Warning\s+SecretKeyNotFound\s+\S+\s+k8snotify-operator\s+Secret 'smtp' has no key 'password'", described);
    }

    [Fact]
    public async Task Patch_MergeAndJsonPatch_ChangeTheSpecAndBumpGeneration()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("channel.yaml", Channel))).EnsureSuccess();

        (await plane.Kubectl.RunAsync("patch", "-n", "shop", "channel", "orders", "--type=merge", "-p", """{"spec":{"retry":{"maxAttempts":7}}}""")).EnsureSuccess();
        (await plane.Kubectl.RunAsync("patch", "-n", "shop", "channel", "orders", "--type=json", "-p", """[{"op":"add","path":"/spec/subjects/-","value":"notify.returns"}]""")).EnsureSuccess();

        var stored = plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders")!;
        Assert.Equal(7, stored["spec"]!["retry"]!["maxAttempts"]!.GetValue<int>());
        Assert.Equal(["notify.orders", "notify.returns"], stored["spec"]!["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(3, stored["metadata"]!["generation"]!.GetValue<long>());
        Assert.Contains(stored["metadata"]!["managedFields"]!.AsArray(), m => m!["manager"]!.GetValue<string>() == "kubectl-patch");
    }

    [Fact]
    public async Task ApplyServerSide_FieldOwnedByAnotherManager_ConflictsUntilForced()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        var manifest = plane.Manifest("channel.yaml", Channel + "\n  retry: {maxAttempts: 3}\n");
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", manifest)).EnsureSuccess();
        (await plane.Kubectl.RunAsync("patch", "-n", "shop", "channel", "orders", "--type=merge", "-p", """{"spec":{"retry":{"maxAttempts":9}}}""")).EnsureSuccess();

        var conflict = await plane.Kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"kubectl-patch\"", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains(".spec.retry.maxAttempts", conflict.Stderr, StringComparison.Ordinal);

        (await plane.Kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", manifest)).EnsureSuccess();
        Assert.Equal(3, plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders")!["spec"]!["retry"]!["maxAttempts"]!.GetValue<int>());

        // A field the applier stops applying, and nobody else owns, is removed, and the schema default (5) fills it again.
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("channel.yaml", Channel))).EnsureSuccess();
        Assert.Equal("5", plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders")!["spec"]!["retry"]!["maxAttempts"]!.ToJsonString());
    }

    [Fact]
    public async Task Scale_Deployment_WritesReplicasThroughTheScaleSubresource()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("deployment.yaml", Deployment))).EnsureSuccess();

        (await plane.Kubectl.RunAsync("scale", "-n", "shop", "deployment/web", "--replicas=3")).EnsureSuccess();

        var replicas = (await plane.Kubectl.RunAsync("get", "-n", "shop", "deploy", "web", "-o", "jsonpath={.spec.replicas}")).EnsureSuccess().Stdout;
        Assert.Equal("3", replicas);
        using var client = plane.Api.CreateClient();
        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((3, "app=web"), (scale.Spec.Replicas, scale.Status.Selector));
    }

    [Fact]
    public async Task Delete_FinalizerThenOwnerReferences_WaitsForTheFinalizerAndCollectsDependents()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        var withFinalizer = Channel.Replace("  namespace: shop\n", "  namespace: shop\n  finalizers: [notify.k8snotify.io/cleanup]\n", StringComparison.Ordinal);
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("channel.yaml", withFinalizer))).EnsureSuccess();
        var uid = plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders")!["metadata"]!["uid"]!.GetValue<string>();
        var child = $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: orders-dispatcher-config
              namespace: shop
              ownerReferences:
              - {apiVersion: {{ApiGroup.ApiVersion}}, kind: Channel, name: orders, uid: {{uid}}, controller: true}
            data: {replicas: "1"}
            """;
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("child.yaml", child))).EnsureSuccess();

        (await plane.Kubectl.RunAsync("delete", "-n", "shop", "channel", "orders", "--wait=false")).EnsureSuccess();
        var deleting = plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders");
        Assert.NotNull(deleting?["metadata"]?["deletionTimestamp"]);
        Assert.NotNull(plane.Api.GetJson(string.Empty, "configmaps", "shop", "orders-dispatcher-config"));

        var waitForDelete = plane.Kubectl.RunAsync(["wait", "-n", "shop", "--for=delete", "channel/orders", "--timeout=30s"], null, Kubectl.DefaultTimeout, TestContext.Current.CancellationToken);
        (await plane.Kubectl.RunAsync("patch", "-n", "shop", "channel", "orders", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();

        (await waitForDelete).EnsureSuccess();
        Assert.Null(plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders"));
        Assert.Null(plane.Api.GetJson(string.Empty, "configmaps", "shop", "orders-dispatcher-config"));
        var gone = await plane.Kubectl.RunAsync("get", "-n", "shop", "cm", "orders-dispatcher-config");
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_InvalidManifests_RefusedWith422NamingTheField()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        var schemaViolation = Channel.Replace("providers: [{name: primary}]", "providers: []", StringComparison.Ordinal);
        var celViolation = Channel.Replace("providers: [{name: primary}]", "providers: [{name: primary}, {name: primary}]", StringComparison.Ordinal);

        var schema = await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("schema.yaml", schemaViolation));
        var cel = await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("cel.yaml", celViolation));
        var created = await plane.Kubectl.RunAsync("create", "-f", plane.Manifest("unknown.yaml", Channel + "\n  subject: notify.orders\n"));

        Assert.NotEqual(0, schema.ExitCode);
        Assert.Contains("The Channel \"orders\" is invalid", schema.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.providers", schema.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, cel.ExitCode);
        Assert.Contains("spec.providers: Invalid value", cel.Stderr, StringComparison.Ordinal);
        Assert.Contains("a Provider may appear only once in the chain", cel.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains("spec.subject", created.Stderr, StringComparison.Ordinal);
        Assert.Null(plane.Api.GetJson(ApiGroup.Group, ApiGroup.ChannelPlural, "shop", "orders"));

        // The raw API answer: 422 with reason Invalid and one cause per field.
        using var client = plane.Api.CreateClient();
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(
            YamlJson.ParseDocuments(schemaViolation).First()!, ApiGroup.Group, ApiGroup.Version, "shop", ApiGroup.ChannelPlural, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        var status = JsonNode.Parse(refused.Response.Content)!;
        Assert.Equal(("Failure", "Invalid", 422), (status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
        Assert.Equal("spec.providers", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyCustomResourceDefinition_NewKind_ServedWithItsShortNameAndColumns()
    {
        SkipWithoutKubectl();
        await using var plane = await ControlPlane.StartAsync();
        const string Crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
              versions:
              - name: v1
                served: true
                storage: true
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer, minimum: 1}
            """;
        const string Widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 4}\n";

        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("crd.yaml", Crd))).EnsureSuccess();
        (await plane.Kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s")).EnsureSuccess();
        (await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("widget.yaml", Widget))).EnsureSuccess();

        var listed = (await plane.Kubectl.RunAsync("get", "wdg")).EnsureSuccess().Stdout;
        Assert.Matches(@"(?m)^NAME\s+SIZE\s*$", listed);
        Assert.Matches(@"(?m)^w1\s+4\s*$", listed);
        var invalid = await plane.Kubectl.RunAsync("apply", "--server-side", "-f", plane.Manifest("bad.yaml", Widget.Replace("size: 4", "size: 0", StringComparison.Ordinal)));
        Assert.Contains("spec.size", invalid.Stderr, StringComparison.Ordinal);

        (await plane.Kubectl.RunAsync("delete", "crd", "widgets.example.com")).EnsureSuccess();
        var gone = await plane.Kubectl.RunAsync("get", "widgets.example.com");
        Assert.NotEqual(0, gone.ExitCode);
    }

    private const string ReadyStatus = """{"status":{"readyReplicas":2,"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"2/2 dispatchers ready","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""";

    private static void SkipWithoutKubectl()
    {
        if (Kubectl.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
