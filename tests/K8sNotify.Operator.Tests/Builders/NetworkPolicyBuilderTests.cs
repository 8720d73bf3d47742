using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Tests.Builders;

public sealed class NetworkPolicyBuilderTests
{
    private static readonly V1NetworkPolicyPeer Monitoring = new() { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring" } } };
    private static readonly V1NetworkPolicyPeer Checkout = new() { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "checkout" } } };

    private static Channel Channel(DispatcherNetworkPolicySpec? policy) => new()
    {
        Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "shop", Uid = "uid-1" },
        Spec = new ChannelSpec { Dispatcher = new DispatcherSpec { NetworkPolicy = policy } },
    };

    [Fact]
    public void Build_NotEnabledAnywhere_Null()
    {
        Assert.Null(NetworkPolicyBuilder.Build(Channel(null), null));
        Assert.Null(NetworkPolicyBuilder.Build(Channel(new() { IngressFrom = [Checkout] }), new DispatcherNetworkPolicySpec()));
    }

    [Fact]
    public void Build_ChannelDisablesOperatorDefault_Null() =>
        Assert.Null(NetworkPolicyBuilder.Build(Channel(new() { Enabled = false }), new DispatcherNetworkPolicySpec { Enabled = true }));

    [Fact]
    public void Build_EnabledByDefaultWithoutSources_HttpPortFromAnywhereEgressOpen()
    {
        var policy = NetworkPolicyBuilder.Build(Channel(null), new DispatcherNetworkPolicySpec { Enabled = true })!;

        Assert.Equal("orders-dispatcher", policy.Metadata.Name);
        Assert.Equal("uid-1", Assert.Single(policy.Metadata.OwnerReferences).Uid);
        Assert.Equal(DispatcherNames.Selector(Channel(null)), policy.Spec.PodSelector.MatchLabels);
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var rule = Assert.Single(policy.Spec.Ingress);
        var port = Assert.Single(rule.Ports);
        Assert.Equal("8080", port.Port.Value);
        Assert.Equal("TCP", port.Protocol);
        Assert.Null(rule.FromProperty);
        Assert.Null(policy.Spec.Egress);
    }

    [Fact]
    public void Build_SourcesFromDefaultsAndChannel_BothAllowedChannelEgressReplacesDefault()
    {
        var defaults = new DispatcherNetworkPolicySpec { Enabled = true, IngressFrom = [Monitoring], Egress = [new V1NetworkPolicyEgressRule()] };
        List<V1NetworkPolicyEgressRule> egress = [new() { Ports = [new V1NetworkPolicyPort { Port = 4222, Protocol = "TCP" }] }];

        var policy = NetworkPolicyBuilder.Build(Channel(new() { IngressFrom = [Checkout], Egress = egress }), defaults)!;

        Assert.Equal([Monitoring, Checkout], Assert.Single(policy.Spec.Ingress).FromProperty);
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Same(egress, policy.Spec.Egress);
    }

    [Fact]
    public void Build_EmptyEgressList_DeniesAllEgress()
    {
        var policy = NetworkPolicyBuilder.Build(Channel(new() { Enabled = true, Egress = [] }), null)!;

        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Empty(policy.Spec.Egress);
    }
}
