using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Tests.Builders;

public sealed class PodTemplateMergerTests
{
    private static readonly DispatcherPodTemplate Defaults = new()
    {
        Metadata = new DispatcherPodMetadata { Labels = new() { ["team"] = "platform", ["tier"] = "standard" }, Annotations = new() { ["a"] = "1" } },
        NodeSelector = new() { ["kubernetes.io/os"] = "linux" },
        Tolerations = [new V1Toleration { Key = "spot", OperatorProperty = "Exists" }],
        PriorityClassName = "notifications",
        ImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }],
        Env = [new V1EnvVar { Name = "A", Value = "default" }, new V1EnvVar { Name = "B", Value = "default" }],
        ServiceAccountName = "dispatchers",
    };

    [Fact]
    public void Merge_NoChannelSettings_DefaultsAsIs()
    {
        var merged = PodTemplateMerger.Merge(Defaults, null);

        Assert.Equal(Defaults.Metadata!.Labels, merged.Metadata!.Labels);
        Assert.Equal("notifications", merged.PriorityClassName);
        Assert.Equal(["A", "B"], merged.Env!.Select(e => e.Name));
        Assert.Same(Defaults.Tolerations, merged.Tolerations);
    }

    [Fact]
    public void Merge_ChannelSettings_MapsAndEnvMergeChannelWinsOtherFieldsReplace()
    {
        var channel = new DispatcherPodTemplate
        {
            Metadata = new DispatcherPodMetadata { Labels = new() { ["team"] = "checkout" } },
            NodeSelector = new() { ["zone"] = "a" },
            Tolerations = [],
            PriorityClassName = "high",
            Env = [new V1EnvVar { Name = "B", Value = "channel" }, new V1EnvVar { Name = "C", Value = "channel" }],
        };

        var merged = PodTemplateMerger.Merge(Defaults, channel);

        Assert.Equal(new Dictionary<string, string> { ["team"] = "checkout", ["tier"] = "standard" }, merged.Metadata!.Labels);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, merged.Metadata.Annotations);
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["zone"] = "a" }, merged.NodeSelector);
        Assert.Empty(merged.Tolerations!);
        Assert.Equal("high", merged.PriorityClassName);
        Assert.Equal([("A", "default"), ("B", "channel"), ("C", "channel")], merged.Env!.Select(e => (e.Name, e.Value)));
        Assert.Equal("dispatchers", merged.ServiceAccountName);
        Assert.Equal("registry", Assert.Single(merged.ImagePullSecrets!).Name);
    }

    [Fact]
    public void Merge_NeitherSet_NothingSet()
    {
        var merged = PodTemplateMerger.Merge(null, null);

        Assert.Null(merged.Metadata!.Labels);
        Assert.Null(merged.NodeSelector);
        Assert.Null(merged.Env);
        Assert.Null(merged.TopologySpreadConstraints);
        Assert.Null(merged.ServiceAccountName);
    }
}
