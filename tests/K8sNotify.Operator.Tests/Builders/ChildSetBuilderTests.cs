using System.Text.Json.Nodes;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Tests.Builders;

public sealed class ChildSetBuilderTests
{
    private static readonly DispatcherDeploymentOptions Options = new() { Image = "registry.example.com/k8snotify/dispatcher:1.0.0", NatsUrl = "nats://nats.nats:4222" };

    private static ChildSet BuildShop(ClusterCapabilities? capabilities = null, ISloRuleBuilder? slo = null, DispatcherDeploymentOptions? options = null)
    {
        var resolved = TestManifests.Resolve(TestManifests.Read("shop"));
        return ChildSetBuilder.Build(resolved, options ?? Options, capabilities ?? ClusterCapabilities.Core, slo ?? NoSloRules.Instance);
    }

    [Fact]
    public void Build_ChannelSuspended_AutoscalerPinnedBundleCarriesItChecksumUnchanged()
    {
        var running = BuildShop();
        var set = TestManifests.Read("shop");
        set.Channels.Single().Spec.Suspend = true;

        var suspended = ChildSetBuilder.Build(TestManifests.Resolve(set), Options, ClusterCapabilities.Core, NoSloRules.Instance);

        Assert.Equal((2, 10), (running.Autoscaler.Spec.MinReplicas, running.Autoscaler.Spec.MaxReplicas));
        Assert.Equal((2, 2), (suspended.Autoscaler.Spec.MinReplicas, suspended.Autoscaler.Spec.MaxReplicas));
        Assert.Contains("\"suspend\": true", suspended.ConfigMap.Data[DispatcherBundle.FileName], StringComparison.Ordinal);
        Assert.Equal(running.ConfigChecksum, suspended.ConfigChecksum);
    }

    [Fact]
    public void Build_EveryProviderSuspended_AutoscalerPinned()
    {
        var set = TestManifests.Read("shop");
        set.Providers.ForEach(p => p.Spec.Suspend = true);

        var children = ChildSetBuilder.Build(TestManifests.Resolve(set), Options, ClusterCapabilities.Core, NoSloRules.Instance);

        Assert.Equal(children.Autoscaler.Spec.MinReplicas, children.Autoscaler.Spec.MaxReplicas);
        Assert.Equal(BuildShop().ConfigChecksum, children.ConfigChecksum);
    }

    [Fact]
    public void Build_DefaultChannel_PodIsHardenedWithProbesAndDefaultResources()
    {
        var resolved = TestManifests.Resolve(TestManifests.Read("alerts"));
        var children = ChildSetBuilder.Build(resolved, Options, ClusterCapabilities.Core, NoSloRules.Instance);

        var pod = children.Deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal(Options.Image, container.Image);
        Assert.Equal(["--config", "/etc/k8snotify/config/bundle.json", "--http-port", "8080"], container.Args);
        Assert.True(container.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", container.SecurityContext.SeccompProfile.Type);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.Equal(65532, pod.SecurityContext.RunAsUser);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("100m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("128Mi", container.Resources.Requests["memory"].ToString());
        Assert.Equal("256Mi", container.Resources.Limits["memory"].ToString());
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
        Assert.Contains(container.Env, e => e.Name == "K8SNOTIFY_NATS" && e.Value == Options.NatsUrl);
        Assert.DoesNotContain(container.Env, e => e.Name == "K8SNOTIFY_REDIS");
        Assert.Null(children.Deployment.Spec.Replicas);
        Assert.Equal(1, children.Autoscaler.Spec.MinReplicas);
        Assert.Equal(5, children.Autoscaler.Spec.MaxReplicas);
    }

    [Fact]
    public void Build_ChannelResources_UsedInsteadOfDefaults()
    {
        var container = BuildShop().Deployment.Spec.Template.Spec.Containers[0];

        Assert.Equal("200m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("384Mi", container.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public void Build_ProvidersReferenceSecrets_EachSecretMountedReadOnlyUnderItsName()
    {
        var children = BuildShop();

        var pod = children.Deployment.Spec.Template.Spec;
        var mounts = pod.Containers[0].VolumeMounts.Where(m => m.MountPath.StartsWith(SecretLocations.MountRoot, StringComparison.Ordinal)).ToList();
        Assert.Equal(["/etc/k8snotify/secrets/shop-api-tokens", "/etc/k8snotify/secrets/smtp-credentials", "/etc/k8snotify/secrets/webhook-signing"], mounts.Select(m => m.MountPath));
        Assert.All(mounts, m => Assert.True(m.ReadOnlyProperty));
        Assert.Equal(["shop-api-tokens", "smtp-credentials", "webhook-signing"], pod.Volumes.Where(v => v.Secret is not null).Select(v => v.Secret.SecretName));
    }

    [Fact]
    public void Build_ConfigMap_HoldsTheBundleWithoutClusterBookkeeping()
    {
        var set = TestManifests.Read("shop");
        set.Templates[0].Metadata.ResourceVersion = "42";
        set.Templates[0].Metadata.ManagedFields = [new() { Manager = "kubectl" }];
        set.Templates[0].Status = new TemplateStatus { ObservedGeneration = 3 };
        var children = ChildSetBuilder.Build(TestManifests.Resolve(set), Options, ClusterCapabilities.Core, NoSloRules.Instance);

        var bundle = JsonNode.Parse(children.ConfigMap.Data[DispatcherBundle.FileName])!;
        Assert.Equal(DispatcherBundle.BundleKind, (string?)bundle["kind"]);
        Assert.Equal("orders-email", (string?)bundle["channel"]!["metadata"]!["name"]);
        Assert.Equal(["order-confirmation"], bundle["templates"]!.AsArray().Select(t => (string?)t!["metadata"]!["name"]));
        Assert.Equal(["mail-relay", "mail-webhook"], bundle["providers"]!.AsArray().Select(p => (string?)p!["metadata"]!["name"]));
        var template = bundle["templates"]![0]!.AsObject();
        Assert.Null(template["status"]);
        Assert.Null(template["metadata"]!["resourceVersion"]);
        Assert.Null(template["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Build_TemplateChanged_ChecksumChanges()
    {
        var before = BuildShop().ConfigChecksum;
        var set = TestManifests.Read("shop");
        set.Templates[0].Spec.Locales["en"].Subject = "Your order {{ order.id }}";

        var after = ChildSetBuilder.Build(TestManifests.Resolve(set), Options, ClusterCapabilities.Core, NoSloRules.Instance);

        Assert.NotEqual(before, after.ConfigChecksum);
        Assert.Equal(after.ConfigChecksum, after.Deployment.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation]);
    }

    [Fact]
    public void Build_SecretVersionChanged_ChecksumChangesButBundleDoesNot()
    {
        var set = TestManifests.Read("shop");
        var v1 = ChildSetBuilder.Build(TestManifests.Resolve(set, secretVersions: new Dictionary<string, string> { ["smtp-credentials"] = "10", ["webhook-signing"] = "11" }), Options, ClusterCapabilities.Core, NoSloRules.Instance);
        var v2 = ChildSetBuilder.Build(TestManifests.Resolve(set, secretVersions: new Dictionary<string, string> { ["smtp-credentials"] = "12", ["webhook-signing"] = "11" }), Options, ClusterCapabilities.Core, NoSloRules.Instance);

        Assert.NotEqual(v1.ConfigChecksum, v2.ConfigChecksum);
        Assert.Equal(v1.ConfigMap.Data[DispatcherBundle.FileName], v2.ConfigMap.Data[DispatcherBundle.FileName]);
    }

    [Fact]
    public void Build_SameInputTwice_IdenticalChecksum()
    {
        Assert.Equal(BuildShop().ConfigChecksum, BuildShop().ConfigChecksum);
    }

    [Fact]
    public void Build_ConsumerPendingMetricEnabled_HpaHasExternalMetricPerReplicaTarget()
    {
        var hpa = BuildShop(options: new DispatcherDeploymentOptions { Image = Options.Image, ConsumerPendingMetric = true }).Autoscaler;

        Assert.Equal(2, hpa.Spec.MinReplicas);
        Assert.Equal(10, hpa.Spec.MaxReplicas);
        Assert.Equal(["Resource", "External"], hpa.Spec.Metrics.Select(m => m.Type));
        var external = hpa.Spec.Metrics[1].External;
        Assert.Equal("k8snotify_consumer_pending", external.Metric.Name);
        Assert.Equal("orders-email", external.Metric.Selector.MatchLabels["channel"]);
        Assert.Equal("shop", external.Metric.Selector.MatchLabels["namespace"]);
        Assert.Equal("500", external.Target.AverageValue.ToString());
    }

    [Fact]
    public void Build_ConsumerPendingMetricDisabled_CpuOnly()
    {
        var hpa = BuildShop().Autoscaler;

        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.Equal(70, metric.Resource.Target.AverageUtilization);
    }

    [Fact]
    public void Build_NoPrometheusOperator_NoMonitoringObjects()
    {
        var children = BuildShop(ClusterCapabilities.Core, new FixedRules());

        Assert.Null(children.ServiceMonitor);
        Assert.Null(children.PrometheusRule);
        Assert.Equal(5, children.All().Count());
    }

    [Fact]
    public void Build_PrometheusOperatorWithoutRules_ServiceMonitorOnly()
    {
        var children = BuildShop(ClusterCapabilities.WithPrometheusOperator, NoSloRules.Instance);

        Assert.NotNull(children.ServiceMonitor);
        Assert.Equal("http", (string?)children.ServiceMonitor.Spec["endpoints"]![0]!["port"]);
        Assert.Null(children.PrometheusRule);
    }

    [Fact]
    public void Build_SloRuleBuilderPlugged_PrometheusRuleCarriesItsGroups()
    {
        var children = BuildShop(ClusterCapabilities.WithPrometheusOperator, new FixedRules());

        Assert.NotNull(children.PrometheusRule);
        Assert.Equal("orders-email-slo", children.PrometheusRule.Metadata.Name);
        Assert.Equal("orders-email", (string?)children.PrometheusRule.Spec["groups"]![0]!["name"]);
    }

    [Fact]
    public void Build_ChannelHasUid_EveryChildIsControlledByIt()
    {
        var set = TestManifests.Read("shop");
        TestManifests.WithUid(set.Channels[0]);

        var children = ChildSetBuilder.Build(TestManifests.Resolve(set), Options, ClusterCapabilities.WithPrometheusOperator, new FixedRules());

        Assert.Equal(7, children.All().Count());
        Assert.All(children.All(), child =>
        {
            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal(("Channel", "orders-email", true), (owner.Kind, owner.Name, owner.Controller == true));
            Assert.Equal("shop", child.Metadata.NamespaceProperty);
            Assert.Equal("orders-email", child.Metadata.Labels[DispatcherNames.ChannelLabel]);
        });
    }

    [Fact]
    public void Build_RedisWithPasswordSecret_EnvFromSecretKey()
    {
        var options = new DispatcherDeploymentOptions { Image = Options.Image, RedisUrl = "redis:6379", RedisPasswordSecret = "redis-auth" };

        var env = BuildShop(options: options).Deployment.Spec.Template.Spec.Containers[0].Env;

        Assert.Contains(env, e => e.Name == "K8SNOTIFY_REDIS" && e.Value == "redis:6379");
        var password = Assert.Single(env, e => e.Name == "K8SNOTIFY_REDIS_PASSWORD");
        Assert.Equal(("redis-auth", "password"), (password.ValueFrom.SecretKeyRef.Name, password.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void Build_ApiDisabled_TokensSecretNotMounted()
    {
        var set = TestManifests.Read("shop");
        set.Channels[0].Spec.Api!.Enabled = false;

        var children = ChildSetBuilder.Build(TestManifests.Resolve(set), Options, ClusterCapabilities.Core, NoSloRules.Instance);

        Assert.DoesNotContain(children.Deployment.Spec.Template.Spec.Volumes, v => v.Secret?.SecretName == "shop-api-tokens");
    }

    [Fact]
    public void Build_NatsCredentialsSecret_MountedReadOnlyAndEnvNamesTheFile()
    {
        var options = new DispatcherDeploymentOptions { Image = Options.Image, NatsCredentialsSecret = "nats-user", NatsCredentialsKey = "user.creds" };

        var pod = BuildShop(options: options).Deployment.Spec.Template.Spec;

        var volume = Assert.Single(pod.Volumes, v => v.Secret?.SecretName == "nats-user");
        var mount = Assert.Single(pod.Containers[0].VolumeMounts, m => m.Name == volume.Name);
        Assert.True(mount.ReadOnlyProperty);
        var env = Assert.Single(pod.Containers[0].Env, e => e.Name == "K8SNOTIFY_NATS_CREDENTIALS");
        Assert.Equal($"{mount.MountPath}/user.creds", env.Value);
    }

    [Fact]
    public void Build_Env_PodNameFromTheDownwardApiAndReplicasFromTheMinimumAndTheConfigFile()
    {
        var env = BuildShop().Deployment.Spec.Template.Spec.Containers[0].Env;

        Assert.Equal("metadata.name", Assert.Single(env, e => e.Name == "K8SNOTIFY_POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("2", Assert.Single(env, e => e.Name == "K8SNOTIFY_REPLICAS").Value);
        Assert.Equal("/etc/k8snotify/config/replicas", Assert.Single(env, e => e.Name == "K8SNOTIFY_REPLICAS_FILE").Value);
    }

    [Fact]
    public void Build_AutoscalerScaled_ReplicasInTheConfigMapOnly_PodTemplateUnchanged()
    {
        var resolved = TestManifests.Resolve(TestManifests.Read("shop"));

        var atMinimum = ChildSetBuilder.Build(resolved, Options, ClusterCapabilities.Core, NoSloRules.Instance);
        var scaled = ChildSetBuilder.Build(resolved, Options, ClusterCapabilities.Core, NoSloRules.Instance, currentReplicas: 7);

        Assert.Equal("2", atMinimum.ConfigMap.Data[DispatcherBundle.ReplicasFileName]);
        Assert.Equal("7", scaled.ConfigMap.Data[DispatcherBundle.ReplicasFileName]);
        Assert.Equal(atMinimum.ConfigMap.Data[DispatcherBundle.FileName], scaled.ConfigMap.Data[DispatcherBundle.FileName]);
        Assert.Equal(atMinimum.ConfigChecksum, scaled.ConfigChecksum);
        Assert.Equal(k8s.KubernetesJson.Serialize(atMinimum.Deployment), k8s.KubernetesJson.Serialize(scaled.Deployment));
    }

    [Fact]
    public void SecretVolumeName_LongDottedName_IsAValidDnsLabel()
    {
        var name = DeploymentBuilder.SecretVolumeName("credentials.of.a.very-long-provider-name.example.com-with-even-more-text");

        Assert.True(name.Length <= 63, name);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
    }

    private sealed class FixedRules : ISloRuleBuilder
    {
        public IReadOnlyList<JsonObject> BuildRuleGroups(Channel channel) =>
            [new JsonObject { ["name"] = channel.Metadata.Name, ["rules"] = new JsonArray() }];
    }
}
