using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Controllers;

namespace K8sNotify.Operator.Tests.Controllers;

/// <summary>Suspending and resuming Channels and Providers against the fake API server and a real nats-server.</summary>
public sealed class ChannelReconcilerSuspendTests
{
    private const string Ns = "shop";
    private const string Name = "orders-email";

    [Fact]
    public async Task SuspendChannel_ConditionBundleAndPinnedAutoscaler_PodsNotRolled_ResumeRestores()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        var checksum = Checksum(op);

        var channel = op.Channel(Ns, Name)!;
        channel.Spec.Suspend = true;
        op.Api.Put(channel);

        await ChannelOperator.Until(() => Suspended(op)?.Reason == ChannelSuspension.ChannelSuspendedReason, "Suspended=True (Suspended)");
        Assert.Equal("True", Suspended(op)!.Status);
        await ChannelOperator.Until(() => Autoscaler(op).Spec.MaxReplicas == 2, "autoscaler pinned to its minimum");
        Assert.Equal(2, Autoscaler(op).Spec.MinReplicas);
        Assert.Contains("\"suspend\": true", Bundle(op), StringComparison.Ordinal);
        Assert.Equal(checksum, Checksum(op));
        Assert.True(ChannelOperator.IsReady(op.Channel(Ns, Name)));
        Assert.Contains("suspended", StatusConditions.Find(op.Channel(Ns, Name)!.Status, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        await ChannelOperator.Until(() => Events(op, ChannelSuspension.ChannelSuspendedReason), "Suspended event");

        channel = op.Channel(Ns, Name)!;
        channel.Spec.Suspend = false;
        op.Api.Put(channel);

        await ChannelOperator.Until(() => Suspended(op) is null, "Suspended condition removed");
        await ChannelOperator.Until(() => Autoscaler(op).Spec.MaxReplicas == 10, "autoscaler range restored");
        Assert.DoesNotContain("\"suspend\"", Bundle(op), StringComparison.Ordinal);
        Assert.Equal(checksum, Checksum(op));
        await ChannelOperator.Until(() => Events(op, ChannelReconciler.ResumedEventReason), "Resumed event");
    }

    [Fact]
    public async Task SuspendOneProvider_ProviderSuspendedChannelConsumes()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);

        SetSuspend(op, "mail-relay", true);

        await ChannelOperator.Until(() => StatusConditions.Find(op.Api.Get<Provider>(Ns, "mail-relay")?.Status, ConditionTypes.Suspended)?.Status == "True", "Provider Suspended=True");
        Assert.True(StatusConditions.IsReady(op.Api.Get<Provider>(Ns, "mail-relay")!.Status, op.Api.Get<Provider>(Ns, "mail-relay")!.Metadata.Generation));
        await ChannelOperator.Until(() => Bundle(op).Contains("\"suspend\": true", StringComparison.Ordinal), "bundle carries the suspended Provider");
        Assert.Null(Suspended(op));
        Assert.Equal(10, Autoscaler(op).Spec.MaxReplicas);
    }

    [Fact]
    public async Task SuspendEveryProvider_ChannelProvidersSuspended_ResumeOneConsumesAgain()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);

        SetSuspend(op, "mail-relay", true);
        SetSuspend(op, "mail-webhook", true);

        await ChannelOperator.Until(() => Suspended(op)?.Reason == ChannelSuspension.ProvidersSuspendedReason, "Suspended=True (ProvidersSuspended)");
        Assert.Contains("mail-relay, mail-webhook", Suspended(op)!.Message, StringComparison.Ordinal);
        await ChannelOperator.Until(() => Autoscaler(op).Spec.MaxReplicas == 2, "autoscaler pinned");

        SetSuspend(op, "mail-webhook", false);

        await ChannelOperator.Until(() => Suspended(op) is null, "Channel consumes again");
        await ChannelOperator.Until(() => Autoscaler(op).Spec.MaxReplicas == 10, "autoscaler range restored");
        Assert.Null(StatusConditions.Find(op.Api.Get<Provider>(Ns, "mail-webhook")!.Status, ConditionTypes.Suspended));
    }

    private static void SetSuspend(ChannelOperator op, string provider, bool suspend)
    {
        var resource = op.Api.Get<Provider>(Ns, provider)!;
        resource.Spec.Suspend = suspend;
        op.Api.Put(resource);
    }

    private static V1Condition? Suspended(ChannelOperator op) => StatusConditions.Find(op.Channel(Ns, Name)?.Status, ConditionTypes.Suspended);

    private static V2HorizontalPodAutoscaler Autoscaler(ChannelOperator op) => op.Api.Get<V2HorizontalPodAutoscaler>(Ns, Name + "-dispatcher")!;

    private static string Bundle(ChannelOperator op) => op.Api.Get<V1ConfigMap>(Ns, Name + "-dispatcher-config")!.Data[DispatcherBundle.FileName];

    private static string Checksum(ChannelOperator op) => op.Deployment(Ns, Name)!.Spec.Template.Metadata.Annotations[DispatcherNames.ChecksumAnnotation];

    private static bool Events(ChannelOperator op, string reason) =>
        op.Api.List<Corev1Event>(Ns).Any(e => e.InvolvedObject.Name == Name && e.Type == "Normal" && e.Reason == reason);
}
