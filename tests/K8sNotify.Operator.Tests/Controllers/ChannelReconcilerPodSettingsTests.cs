using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Tests.Controllers;

/// <summary>Dispatcher pod settings and the NetworkPolicy against the fake API server and a real nats-server.</summary>
public sealed class ChannelReconcilerPodSettingsTests
{
    private const string Ns = "shop";
    private const string Name = "orders-email";

    [Fact]
    public async Task PodTemplateAndNetworkPolicy_Applied_DisablingPrunesThePolicy()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);
        Assert.Null(Policy(op));

        var channel = op.Channel(Ns, Name)!;
        channel.Spec.Dispatcher!.PodTemplate = new DispatcherPodTemplate
        {
            Metadata = new DispatcherPodMetadata { Labels = new() { ["team"] = "checkout" } },
            PriorityClassName = "notifications-high",
            Env = [new V1EnvVar { Name = "DOTNET_gcServer", Value = "0" }],
        };
        channel.Spec.Dispatcher.NetworkPolicy = new DispatcherNetworkPolicySpec { Enabled = true };
        op.Api.Put(channel);

        await ChannelOperator.Until(() => Policy(op) is not null, "NetworkPolicy created");
        var policy = Policy(op)!;
        Assert.Equal(channel.Metadata.Uid, Assert.Single(policy.Metadata.OwnerReferences).Uid);
        Assert.Equal("8080", Assert.Single(Assert.Single(policy.Spec.Ingress).Ports).Port.Value);
        await ChannelOperator.Until(() => op.Deployment(Ns, Name)!.Spec.Template.Spec.PriorityClassName == "notifications-high", "pod template applied");
        var pod = op.Deployment(Ns, Name)!.Spec.Template;
        Assert.Equal("checkout", pod.Metadata.Labels["team"]);
        Assert.Contains(pod.Spec.Containers[0].Env, e => e.Name == "DOTNET_gcServer" && e.Value == "0");

        channel = op.Channel(Ns, Name)!;
        channel.Spec.Dispatcher!.NetworkPolicy = new DispatcherNetworkPolicySpec { Enabled = false };
        op.Api.Put(channel);

        await ChannelOperator.Until(() => Policy(op) is null, "NetworkPolicy pruned");
        await op.WaitReadyAsync(Ns, Name);
    }

    [Fact]
    public async Task ReservedEnvVariable_StalledWithReason_DeploymentKeepsTheContract()
    {
        await using var op = await ChannelOperator.StartAsync();
        op.Apply(ChannelOperator.Shop());
        await op.WaitReadyAsync(Ns, Name);

        var channel = op.Channel(Ns, Name)!;
        channel.Spec.Dispatcher!.PodTemplate = new DispatcherPodTemplate { Env = [new V1EnvVar { Name = "K8SNOTIFY_NATS", Value = "nats://elsewhere:4222" }] };
        op.Api.Put(channel);

        await ChannelOperator.Until(() => ChannelOperator.ReadyReason(op.Channel(Ns, Name)) == ReferenceProblem.InvalidPodTemplate, "Stalled InvalidPodTemplate");
        var stalled = StatusConditions.Find(op.Channel(Ns, Name)!.Status, ConditionTypes.Stalled)!;
        Assert.Equal("True", stalled.Status);
        Assert.Contains("K8SNOTIFY_NATS", stalled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(op.Deployment(Ns, Name)!.Spec.Template.Spec.Containers[0].Env, e => e.Name == "K8SNOTIFY_NATS" && e.Value == "nats://elsewhere:4222");
    }

    private static V1NetworkPolicy? Policy(ChannelOperator op) => op.Api.Get<V1NetworkPolicy>(Ns, Name + "-dispatcher");
}
