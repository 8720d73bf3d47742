using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Tests.Conventions;

public sealed class ChannelSuspensionTests
{
    private static Channel Channel(bool suspend, params string[] providers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "shop" },
        Spec = new ChannelSpec { Suspend = suspend, Providers = [.. providers.Select(p => new ChannelProviderReference { Name = p })] },
    };

    private static Provider Provider(string name, bool suspend) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop" },
        Spec = new ProviderSpec { Suspend = suspend },
    };

    [Fact]
    public void Of_NothingSuspended_Null() =>
        Assert.Null(ChannelSuspension.Of(Channel(false, "a", "b"), [Provider("a", false), Provider("b", false)]));

    [Fact]
    public void Of_ChannelSuspended_SuspendedReason() =>
        Assert.Equal(ChannelSuspension.ChannelSuspendedReason, ChannelSuspension.Of(Channel(true, "a"), [Provider("a", false)])!.Reason);

    [Fact]
    public void Of_SomeProvidersSuspended_ConsumesAndNamesThem()
    {
        var channel = Channel(false, "a", "b", "c");
        Provider[] providers = [Provider("c", true), Provider("a", true), Provider("b", false)];

        Assert.Null(ChannelSuspension.Of(channel, providers));
        Assert.Equal(["a", "c"], ChannelSuspension.SuspendedProviders(channel, providers));
    }

    [Fact]
    public void Of_EveryProviderSuspended_ProvidersSuspendedNamingThemInChainOrder()
    {
        var suspension = ChannelSuspension.Of(Channel(false, "b", "a"), [Provider("a", true), Provider("b", true)])!;

        Assert.Equal(ChannelSuspension.ProvidersSuspendedReason, suspension.Reason);
        Assert.Contains("(b, a)", suspension.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_MissingProviderNotCountedAsSuspended_Null() =>
        Assert.Null(ChannelSuspension.Of(Channel(false, "a", "missing"), [Provider("a", true)]));

    [Fact]
    public void Suspend_FalseIsLeftOutOfTheJson_TrueIsWritten()
    {
        Assert.DoesNotContain("suspend", k8s.KubernetesJson.Serialize(new ChannelSpec()), StringComparison.Ordinal);
        Assert.Contains("\"suspend\":true", k8s.KubernetesJson.Serialize(new ProviderSpec { Suspend = true }), StringComparison.Ordinal);
    }
}
