using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Controllers;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Slo;
using K8sNotify.Operator.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Operator.Tests.Controllers;

/// <summary>The Channel controller against the fake API server (a test double) and a real nats-server.</summary>
public sealed class ChannelReconcilerTests
{
    private const string Ns = "shop";
    private const string Name = "orders-email";

    [Fact]
    public async Task Create_ShopManifests_ChildrenStreamAndReadyStatus()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());

        await op.WaitReadyAsync(Ns, Name);

        var channel = op.Channel(Ns, Name)!;
        var deployment = op.Deployment(Ns, Name)!;
        Assert.Equal(ChannelOperator.Image, deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(channel.Status!.ConfigChecksum, deployment.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation]);
        Assert.NotNull(op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config"));
        Assert.NotNull(op.Api.Get<V1Service>(Ns, "orders-email-dispatcher"));
        Assert.Equal(10, op.Api.Get<V2HorizontalPodAutoscaler>(Ns, "orders-email-dispatcher")!.Spec.MaxReplicas);
        Assert.NotNull(op.Api.Get<V1PodDisruptionBudget>(Ns, "orders-email-dispatcher"));
        Assert.All(
            new IList<V1OwnerReference>[] { deployment.Metadata.OwnerReferences, op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config")!.Metadata.OwnerReferences },
            refs => Assert.Equal(channel.Metadata.Uid, Assert.Single(refs).Uid));
        Assert.Equal(channel.Metadata.Generation, channel.Status.ObservedGeneration);
        Assert.Equal((1, 1), (channel.Status.Replicas, channel.Status.ReadyReplicas));
        Assert.Equal(NatsNames.StreamName(channel), channel.Status.Stream!.Name);
        Assert.True(await op.StreamExistsAsync(NatsNames.StreamName(channel)));
        Assert.True(await op.StreamExistsAsync(NatsNames.DeadLetterStreamName(channel)));
        var consumer = await op.JetStream.GetConsumerAsync(NatsNames.StreamName(channel), NatsNames.ConsumerName, TestContext.Current.CancellationToken);
        Assert.True(await op.StreamExistsAsync(ChannelJetStream.ParkStreamName(channel)));

        // Attempts are counted by the pipeline (retry.maxAttempts is 8 here), never by JetStream.
        Assert.Equal(ChannelJetStream.MaxDeliver, consumer.Info.Config.MaxDeliver);

        // Template and Provider controllers validated what the Channel uses.
        await ChannelOperator.Until(() => StatusConditions.IsReady(op.Api.Get<Template>(Ns, "order-confirmation")?.Status, 1), "Template Ready");
        await ChannelOperator.Until(() => StatusConditions.IsReady(op.Api.Get<Provider>(Ns, "mail-relay")?.Status, 1), "Provider Ready");
    }

    [Fact]
    public async Task Create_PrometheusOperatorInstalled_ServiceMonitorApplied()
    {
        await using var op = await ChannelOperator.StartAsync(prometheusOperator: true);
        op.Apply(ChannelOperator.Shop());

        await op.WaitReadyAsync(Ns, Name);

        var monitor = op.Api.GetJson("monitoring.coreos.com", "servicemonitors", Ns, "orders-email-dispatcher");
        Assert.NotNull(monitor);
        Assert.Equal("http", (string?)monitor["spec"]!["endpoints"]![0]!["port"]);
    }

    [Fact]
    public async Task UpdateTemplate_ConfigMapChangesAndChecksumRolls()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        var before = op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation];

        var template = op.Api.Get<Template>(Ns, "order-confirmation")!;
        template.Spec.Locales["en"].Subject = "Thanks! Order {{ order.id }} is confirmed";
        op.Api.Put(template);

        await ChannelOperator.Until(
            () => op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config")!.Data[DispatcherBundle.FileName].Contains("Thanks! Order", StringComparison.Ordinal),
            "ConfigMap carries the new subject");
        await ChannelOperator.Until(
            () => op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation] != before,
            "checksum annotation changed");
        Assert.Equal(op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation], (await PollStatusChecksumAsync(op, before)));
    }

    [Fact]
    public async Task UpdateReferencedSecret_ChecksumRolls()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        var before = op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation];

        var secret = op.Api.Get<V1Secret>(Ns, "smtp-credentials")!;
        secret.Data["password"] = "rotated"u8.ToArray();
        op.Api.Put(secret);

        await ChannelOperator.Until(
            () => op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation] != before,
            "checksum annotation changed after the Secret changed");
    }

    [Fact]
    public async Task DeleteChildByHand_PutBack()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);

        Assert.True(op.Api.Delete<V1Service>(Ns, "orders-email-dispatcher"));
        Assert.True(op.Api.Delete<V1ConfigMap>(Ns, "orders-email-dispatcher-config"));

        await ChannelOperator.Until(() => op.Api.Get<V1Service>(Ns, "orders-email-dispatcher") is not null, "Service restored");
        await ChannelOperator.Until(() => op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config") is not null, "ConfigMap restored");
    }

    [Fact]
    public async Task Reconcile_NothingChanged_ChildrenNotAppliedAgain()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        var metrics = op.Services.GetRequiredService<OperatorMetrics>();
        // The Channel's own status write and the Deployment's status change reconcile it once more; wait for the queue to settle.
        await ChannelOperator.Until(() => metrics.QueueDepth(ApiGroup.ChannelKind) == 0, "queue drained");
        var reconciles = metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Success);
        var applies = ChildApplies(op);

        // A label on the Channel is a change the controller reconciles, but it changes no child.
        var channel = op.Channel(Ns, Name)!;
        channel.Metadata.Labels = new Dictionary<string, string> { ["team"] = "checkout" };
        op.Api.Put(channel);
        await ChannelOperator.Until(() => metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Success) > reconciles, "reconciled after the label change");

        Assert.Equal(applies, ChildApplies(op));
        Assert.True(ChannelOperator.IsReady(op.Channel(Ns, Name)));
    }

    [Fact]
    public async Task AutoscalerScales_ReplicasKeyFollows_PodsNotRolled()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        var checksum = op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation];
        Assert.Equal("2", op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config")!.Data[DispatcherBundle.ReplicasFileName]);

        // What the HorizontalPodAutoscaler does through the scale subresource.
        var deployment = op.Deployment(Ns, Name)!;
        deployment.Spec.Replicas = 4;
        op.Api.Put(deployment);

        await ChannelOperator.Until(
            () => op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config")!.Data[DispatcherBundle.ReplicasFileName] == "4",
            "ConfigMap replicas key follows the Deployment");
        var after = op.Deployment(Ns, Name)!;
        Assert.Equal(checksum, after.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation]);
        Assert.Equal(4, after.Spec.Replicas);
    }

    [Fact]
    public async Task InvalidSlo_DispatchersDeployedOnlyRulesWithheld_RecoversWhenFixed()
    {
        await using var op = await ChannelOperator.StartAsync(prometheusOperator: true);
        var set = ChannelOperator.Shop();
        set.Channels[0].Spec.Slo!.Latency!.Threshold = "123ms";
        op.Apply(set);

        // Ready: the dispatchers run although their SLO cannot become rules.
        await op.WaitReadyAsync(Ns, Name);
        var channel = op.Channel(Ns, Name)!;
        var slo = StatusConditions.Find(channel.Status, ConditionTypes.SloReady)!;
        Assert.Equal(("False", SloReasons.ThresholdNotABucket), (slo.Status, slo.Reason));
        Assert.Contains("123ms", slo.Message, StringComparison.Ordinal);
        Assert.NotNull(op.Api.GetJson("monitoring.coreos.com", "servicemonitors", Ns, "orders-email-dispatcher"));
        Assert.Null(op.Api.GetJson("monitoring.coreos.com", "prometheusrules", Ns, "orders-email-slo"));
        await ChannelOperator.Until(
            () => op.Api.List<Corev1Event>(Ns).Any(e => e.InvolvedObject.Name == Name && e.Type == "Warning" && e.Reason == ChannelReconciler.SloInvalidEventReason),
            "Warning event on the Channel");

        channel.Spec.Slo!.Latency!.Threshold = "500ms";
        op.Api.Put(channel);

        await ChannelOperator.Until(
            () => op.Channel(Ns, Name) is { } c && StatusConditions.Find(c.Status, ConditionTypes.SloReady) is { Status: "True" } ready && ready.ObservedGeneration == c.Metadata.Generation,
            "SloReady=True after the fix");
        Assert.NotNull(op.Api.GetJson("monitoring.coreos.com", "prometheusrules", Ns, "orders-email-slo"));
    }

    [Fact]
    public async Task SloBecomesInvalid_LastGoodRulesStay()
    {
        await using var op = await ChannelOperator.StartAsync(prometheusOperator: true);
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        Assert.Equal("True", StatusConditions.Find(op.Channel(Ns, Name)!.Status, ConditionTypes.SloReady)!.Status);
        var rules = op.Api.GetJson("monitoring.coreos.com", "prometheusrules", Ns, "orders-email-slo");
        Assert.NotNull(rules);

        var channel = op.Channel(Ns, Name)!;
        channel.Spec.Slo!.Availability = "120";
        op.Api.Put(channel);

        await ChannelOperator.Until(
            () => op.Channel(Ns, Name) is { } c && StatusConditions.Find(c.Status, ConditionTypes.SloReady) is { Status: "False" } slo && slo.ObservedGeneration == c.Metadata.Generation,
            "SloReady=False after the bad edit");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(rules, op.Api.GetJson("monitoring.coreos.com", "prometheusrules", Ns, "orders-email-slo")));
    }

    [Fact]
    public async Task ChangeChildByHand_PutBack()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);

        var deployment = op.Deployment(Ns, Name)!;
        deployment.Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:latest";
        op.Api.Put(deployment);

        await ChannelOperator.Until(() => op.Deployment(Ns, Name)!.Spec.Template.Spec.Containers[0].Image == ChannelOperator.Image, "image restored");
    }

    [Fact]
    public async Task MissingTemplate_TemplateNotFoundThenRecoversWhenItAppears()
    {
        await using var op = await ChannelOperator.StartAsync();
        var set = ChannelOperator.Shop();
        var template = set.Templates[0];
        set.Templates.Clear();
        op.Apply(set);

        await ChannelOperator.Until(() => ChannelOperator.ReadyReason(op.Channel(Ns, Name)) == ReferenceProblem.TemplateNotFound, "Ready=False TemplateNotFound");
        var channel = op.Channel(Ns, Name)!;
        Assert.Equal("True", StatusConditions.Find(channel.Status, ConditionTypes.Stalled)!.Status);
        Assert.Contains("order-confirmation", StatusConditions.Find(channel.Status, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Null(op.Deployment(Ns, Name));
        Assert.True(await op.StreamExistsAsync(NatsNames.StreamName(channel)), "the stream exists already, so publishers lose nothing meanwhile");

        op.Api.Put(template);

        await op.WaitReadyAsync(Ns, Name);
        Assert.Equal("False", StatusConditions.Find(op.Channel(Ns, Name)!.Status, ConditionTypes.Stalled)!.Status);
    }

    [Fact]
    public async Task ConflictsAndDroppedWatches_StillConverge()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Api.FailNext(4, r => r.Verb == "patch", statusCode: 409);
        op.Api.FailNext(2, r => r.Verb == "patch" && r.Subresource == "status", statusCode: 500);
        op.Apply(ChannelOperator.Shop());
        op.Api.DropWatches();

        await ChannelOperator.Until(() => op.Deployment(Ns, Name) is not null, "Deployment despite conflicts");
        op.Api.DropWatches();
        op.MarkDispatchersAvailable(Ns, Name);

        await ChannelOperator.Until(() => ChannelOperator.IsReady(op.Channel(Ns, Name)), "Ready after conflicts and dropped watches");
    }

    [Fact]
    public async Task DeleteWithDeletionPolicyDelete_FinalizerDeletesStreamThenReleases()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        var channel = op.Channel(Ns, Name)!;
        Assert.Contains(DispatcherNames.StreamFinalizer, channel.Metadata.Finalizers);
        var stream = NatsNames.StreamName(channel);

        op.Api.Delete<Channel>(Ns, Name);

        await ChannelOperator.Until(() => op.Channel(Ns, Name) is null, "Channel gone after its finalizer ran");
        Assert.False(await op.StreamExistsAsync(stream));
        Assert.False(await op.StreamExistsAsync(NatsNames.DeadLetterStreamName(channel)));
    }

    [Fact]
    public async Task DeleteWithDeletionPolicyRetain_NoFinalizerAndStreamKept()
    {
        await using var op = await ChannelOperator.StartAsync();
        var set = ChannelOperator.Shop();
        set.Channels[0].Spec.DeletionPolicy = DeletionPolicy.Retain;
        op.Apply(set);
        await op.WaitReadyAsync(Ns, Name);
        var channel = op.Channel(Ns, Name)!;
        Assert.DoesNotContain(DispatcherNames.StreamFinalizer, channel.Metadata.Finalizers ?? []);

        op.Api.Delete<Channel>(Ns, Name);

        await ChannelOperator.Until(() => op.Channel(Ns, Name) is null, "Channel gone");
        Assert.True(await op.StreamExistsAsync(NatsNames.StreamName(channel)));
    }

    [Fact]
    public async Task TemplateChange_RequeuesOnlyChannelsUsingIt()
    {
        await using var op = await ChannelOperator.StartAsync();
        var set = ChannelOperator.Shop();
        var other = ChannelOperator.Shop().Channels[0];
        other.Metadata.Name = "newsletter";
        other.Spec.Subjects = ["shop.newsletter"];
        other.Spec.Templates = ["newsletter"];
        var newsletter = ChannelOperator.Shop().Templates[0];
        newsletter.Metadata.Name = "newsletter";
        set.Templates.Add(newsletter);
        set.Channels.Add(other);
        op.Apply(set);
        await op.WaitReadyAsync(Ns, Name);
        await op.WaitReadyAsync(Ns, "newsletter");
        var channels = op.Services.GetRequiredService<IObjectCache<Channel>>();

        // The index maps the Template to exactly its Channel, so a change requeues that one and nothing else.
        Assert.Equal([Name], channels.ByIndex(ReferenceIndex.ChannelTemplates, "shop/order-confirmation").Select(c => c.Metadata.Name));
        Assert.Equal(["newsletter"], channels.ByIndex(ReferenceIndex.ChannelTemplates, "shop/newsletter").Select(c => c.Metadata.Name));
        var newsletterConfig = op.Api.Get<V1ConfigMap>(Ns, "newsletter-dispatcher-config")!.Metadata.ResourceVersion;

        var template = op.Api.Get<Template>(Ns, "order-confirmation")!;
        template.Spec.Locales["de"].Subject = "Danke! Bestellung {{ order.id }}";
        op.Api.Put(template);

        await ChannelOperator.Until(() => op.Api.Get<V1ConfigMap>(Ns, "orders-email-dispatcher-config")!.Data[DispatcherBundle.FileName].Contains("Danke!", StringComparison.Ordinal), "orders-email config updated");
        Assert.Equal(newsletterConfig, op.Api.Get<V1ConfigMap>(Ns, "newsletter-dispatcher-config")!.Metadata.ResourceVersion);
    }

    private static int ChildApplies(ChannelOperator op) =>
        op.Api.Requests(r => r.Verb == "patch" && r.Subresource is null && r.Resource is "configmaps" or "deployments" or "services" or "horizontalpodautoscalers" or "poddisruptionbudgets").Count;

    private static async Task<string?> PollStatusChecksumAsync(ChannelOperator op, string old)
    {
        await ChannelOperator.Until(() => op.Channel(Ns, Name)!.Status!.ConfigChecksum != old, "status checksum updated");
        return op.Channel(Ns, Name)!.Status!.ConfigChecksum;
    }
}
