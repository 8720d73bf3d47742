using System.Text.Json.Nodes;
using k8s.Models;
using K8sNotify.Api.Manifests;

namespace K8sNotify.Api.Tests.Manifests;

public sealed class ManifestWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("On")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("42")]
    [InlineData("0x1F")]
    [InlineData("1e3")]
    [InlineData("500ms")]
    [InlineData("-1")]
    [InlineData(".5")]
    [InlineData("2026-01-01")]
    [InlineData("key: value")]
    [InlineData("a #comment")]
    [InlineData("ends with colon:")]
    [InlineData("- item")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("<<")]
    [InlineData("'single'")]
    [InlineData("\"double\"")]
    [InlineData("{flow}")]
    [InlineData("[flow]")]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("tab\there")]
    [InlineData("back\\slash")]
    [InlineData("ümlaut ✓")]
    [InlineData("^([0-9]+(ms|s|m|h|d))+$")]
    [InlineData("self.strategy != 'weighted' || self.providers.exists(p, p.weight > 0)")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status")]
    [InlineData("line one\nline two")]
    [InlineData("line one\nline two\n")]
    [InlineData("line one\n\n")]
    [InlineData("\nstarts with newline")]
    [InlineData("  indented first\nsecond")]
    [InlineData("trailing space \nsecond")]
    [InlineData("{\n  \"json\": [1, 2]\n}\n")]
    [InlineData("crlf\r\nline")]
    public void ToYaml_StringValue_ReadsBackUnchanged(string value)
    {
        var node = new JsonObject
        {
            ["key"] = value,
            ["list"] = new JsonArray(value, new JsonObject { ["nested"] = value }),
            [value] = "as key",
        };

        var yaml = ManifestWriter.ToYaml(node);

        var parsed = Assert.Single(YamlJson.ParseDocuments(yaml));
        Assert.True(JsonNode.DeepEquals(node, parsed), $"round trip changed the document:\n{yaml}");
    }

    [Fact]
    public void ToYaml_NestedCollections_ReadBackUnchanged()
    {
        var node = JsonNode.Parse("""
            {"a": {"b": [1, 2.5, -3, true, false], "c": [], "d": {}, "e": [[1, 2], [], [{"x": {"y": [{"z": 1}]}}]]},
             "f": [{"g": 1, "h": [ "i", {"j": null, "k": "v"} ]}], "l": 12345678901234}
            """)!;

        var yaml = ManifestWriter.ToYaml(node);

        var expected = JsonNode.Parse(node.ToJsonString().Replace("\"j\":null,", "", StringComparison.Ordinal));
        Assert.True(JsonNode.DeepEquals(expected, Assert.Single(YamlJson.ParseDocuments(yaml))), yaml);
    }

    [Fact]
    public void Serialize_KubernetesObject_OmitsNullsAndUsesBlockStyle()
    {
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "bundle", NamespaceProperty = "shop" },
            Data = new Dictionary<string, string> { ["bundle.json"] = "{\n  \"a\": 1\n}\n" },
        };

        var yaml = ManifestWriter.Serialize(configMap);

        Assert.Equal(
            """
            apiVersion: v1
            data:
              bundle.json: |
                {
                  "a": 1
                }
            kind: ConfigMap
            metadata:
              name: bundle
              namespace: shop

            """,
            yaml);
    }

    [Fact]
    public void SerializeAll_TwoObjects_SeparatesDocuments()
    {
        var yaml = ManifestWriter.SerializeAll([
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "a" } },
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "b" } },
        ]);

        var documents = YamlJson.ParseDocuments(yaml);
        Assert.Equal(["a", "b"], documents.Select(d => d["metadata"]!["name"]!.GetValue<string>()));
    }
}
