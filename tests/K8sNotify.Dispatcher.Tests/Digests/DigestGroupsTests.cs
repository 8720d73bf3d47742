using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Digests;

namespace K8sNotify.Dispatcher.Tests.Digests;

public sealed class DigestGroupsTests
{
    private static readonly JsonObject Data = JsonNode.Parse("""{"project":{"id":"p-1","number":7},"flag":true}""")!.AsObject();

    [Theory]
    [InlineData(null, "")]
    [InlineData("project.id", "p-1")]
    [InlineData("project.number", "7")]
    [InlineData("flag", "true")]
    [InlineData("project.missing", "")]
    [InlineData("flag.deeper", "")]
    public void KeyValue_DataPath_TextOfTheFieldOrEmpty(string? path, string expected) =>
        Assert.Equal(expected, DigestGroups.KeyValue(Data, path));

    [Fact]
    public void Of_SameRecipientAnyCase_SameGroup_OtherKeyOrChannel_Another()
    {
        var group = DigestGroups.Of("default", "alerts", "Ada@Example.com", "p-1");

        Assert.Equal(group, DigestGroups.Of("default", "alerts", "ada@example.com", "p-1"));
        Assert.NotEqual(group, DigestGroups.Of("default", "alerts", "ada@example.com", "p-2"));
        Assert.NotEqual(group, DigestGroups.Of("default", "other", "ada@example.com", "p-1"));
        Assert.Matches("^[0-9a-f]{32}$", group);
        Assert.DoesNotContain("ada", group, StringComparison.Ordinal);
    }
}
