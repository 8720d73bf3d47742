using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Runtime.Tests;

public sealed class ResourceEventFiltersTests
{
    private static Channel At(long generation, Action<V1ObjectMeta>? change = null)
    {
        var channel = new Channel { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "ns", Generation = generation, ResourceVersion = Guid.NewGuid().ToString() } };
        change?.Invoke(channel.Metadata);
        return channel;
    }

    [Fact]
    public void SkipStatusOnlyUpdates_StatusWrite_IsSkipped()
    {
        var before = At(3);
        var after = At(3);
        after.Status = new ChannelStatus { ObservedGeneration = 3 };

        Assert.False(ResourceEventFilters.SkipStatusOnlyUpdates(new ResourceEvent<Channel>(ResourceEventType.Updated, after, before)));
    }

    [Theory]
    [InlineData("generation")]
    [InlineData("label")]
    [InlineData("annotation")]
    [InlineData("finalizer")]
    [InlineData("deletion")]
    public void SkipStatusOnlyUpdates_SpecOrActionableMetadataChange_IsKept(string change)
    {
        var before = At(3);
        var after = change == "generation" ? At(4) : At(3, m =>
        {
            switch (change)
            {
                case "label": m.Labels = new Dictionary<string, string> { ["a"] = "b" }; break;
                case "annotation": m.Annotations = new Dictionary<string, string> { ["a"] = "b" }; break;
                case "finalizer": m.Finalizers = ["notify.k8snotify.io/stream"]; break;
                default: m.DeletionTimestamp = DateTime.UtcNow; break;
            }
        });

        Assert.True(ResourceEventFilters.SkipStatusOnlyUpdates(new ResourceEvent<Channel>(ResourceEventType.Updated, after, before)));
    }

    [Theory]
    [InlineData(ResourceEventType.Added)]
    [InlineData(ResourceEventType.Deleted)]
    [InlineData(ResourceEventType.Resynced)]
    public void SkipStatusOnlyUpdates_OtherEventTypes_AreKept(ResourceEventType type)
    {
        var channel = At(1);
        Assert.True(ResourceEventFilters.SkipStatusOnlyUpdates(new ResourceEvent<Channel>(type, channel, channel)));
    }
}
