using System.Text.Json.Nodes;
using K8sNotify.Operator.Controllers;

namespace K8sNotify.Operator.Tests.Controllers;

public sealed class AppliedChildrenTests
{
    private static readonly JsonNode Desired = JsonNode.Parse("""{"metadata":{"labels":{"a":"1"}},"spec":{"containers":[{"name":"d","image":"x:1"}]}}""")!;

    [Fact]
    public void Contains_ServerAddedFieldsAndStatus_True()
    {
        var actual = JsonNode.Parse("""{"metadata":{"labels":{"a":"1"},"uid":"u","resourceVersion":"9"},"spec":{"containers":[{"name":"d","image":"x:1","imagePullPolicy":"IfNotPresent"}]},"status":{"replicas":1}}""");

        Assert.True(AppliedChildren.Contains(actual, Desired));
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":{"a":"1"}},"spec":{"containers":[{"name":"d","image":"evil:1"}]}}""")]
    [InlineData("""{"metadata":{"labels":{"a":"2"}},"spec":{"containers":[{"name":"d","image":"x:1"}]}}""")]
    [InlineData("""{"metadata":{},"spec":{"containers":[{"name":"d","image":"x:1"}]}}""")]
    [InlineData("""{"metadata":{"labels":{"a":"1"}},"spec":{"containers":[{"name":"d","image":"x:1"},{"name":"sidecar"}]}}""")]
    public void Contains_ChangedRemovedOrExtraListItem_False(string actual)
    {
        Assert.False(AppliedChildren.Contains(JsonNode.Parse(actual), Desired));
    }

    [Fact]
    public void IsCurrent_OnlyAfterRecordOfTheSameHash()
    {
        var applied = new AppliedChildren();
        var hash = AppliedChildren.Hash(Desired.ToJsonString());

        Assert.False(applied.IsCurrent("Deployment/ns/x", hash, Desired, Desired));
        applied.Record("Deployment/ns/x", hash);
        Assert.True(applied.IsCurrent("Deployment/ns/x", hash, Desired, Desired));
        Assert.False(applied.IsCurrent("Deployment/ns/x", AppliedChildren.Hash("{}"), Desired, Desired));
        Assert.False(applied.IsCurrent("Deployment/ns/x", hash, Desired, null));
        applied.Forget("Deployment/ns/x");
        Assert.False(applied.IsCurrent("Deployment/ns/x", hash, Desired, Desired));
    }
}
