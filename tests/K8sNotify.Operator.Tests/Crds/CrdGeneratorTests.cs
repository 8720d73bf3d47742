using System.Text.Json.Nodes;
using Json.Schema;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Crds;
using K8sNotify.TestSupport;
using K8sNotify.Api.Schema;

namespace K8sNotify.Operator.Tests.Crds;

public sealed class CrdGeneratorTests
{
    private static readonly CrdSchemaValidator Validator = CrdSchemaValidator.FromDirectory(RepositoryRoot.Combine("crds"));

    [Fact]
    public void GenerateAll_EveryKind_HasStatusSubresourceCategoryShortNameAndColumns()
    {
        var crds = CrdGenerator.GenerateAll();

        Assert.Equal([ApiGroup.ChannelKind, ApiGroup.ProviderKind, ApiGroup.TemplateKind], crds.Select(c => c.Spec.Names.Kind));
        foreach (var crd in crds)
        {
            Assert.Equal("Namespaced", crd.Spec.Scope);
            Assert.Equal([ApiGroup.Category], crd.Spec.Names.Categories);
            Assert.Single(crd.Spec.Names.ShortNames);
            var version = Assert.Single(crd.Spec.Versions);
            Assert.Equal(ApiGroup.Version, version.Name);
            Assert.True(version.Served && version.Storage);
            Assert.NotNull(version.Subresources?.Status);
            var columns = version.AdditionalPrinterColumns.Select(c => c.Name).ToList();
            Assert.Contains("Ready", columns);
            Assert.Equal("Age", columns[^1]);
            Assert.Equal(["spec"], version.Schema.OpenAPIV3Schema.Required);
        }
    }

    [Fact]
    public void Generate_Provider_CarriesEnumsDefaultsPatternsAndTwilioRule()
    {
        var spec = CrdGenerator.Generate(typeof(Provider), "nprov").Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];

        Assert.Equal(["smtp", "twilio", "fcm", "webhook", "outbox", "slack", "teams"], spec.Properties["type"].EnumProperty.Cast<string>());
        Assert.Equal(["type"], spec.Required);
        Assert.Equal("10s", ((JsonNode)spec.Properties["timeout"].DefaultProperty).GetValue<string>());
        Assert.Equal(K8sNotify.Api.Schema.Patterns.Duration, spec.Properties["timeout"].Pattern);
        Assert.Equal(65535, spec.Properties["smtp"].Properties["port"].Maximum);
        var twilioRule = Assert.Single(spec.Properties["twilio"].XKubernetesValidations);
        Assert.Contains("messagingServiceSid", twilioRule.Message, StringComparison.Ordinal);
        Assert.All(spec.Properties.Values.Concat([spec]), s => Assert.False(string.IsNullOrEmpty(s.Description)));
    }

    [Fact]
    public void Generate_Channel_MapsQuantitiesConditionsAndSets()
    {
        var schema = CrdGenerator.Generate(typeof(Channel), "nch").Spec.Versions[0].Schema.OpenAPIV3Schema;
        var spec = schema.Properties["spec"];

        var memory = (k8s.Models.V1JSONSchemaProps)spec.Properties["dispatcher"].Properties["resources"].Properties["requests"].AdditionalProperties;
        Assert.True(memory.XKubernetesIntOrString);
        Assert.Equal(OpenApiSchemaBuilder.QuantityPattern, memory.Pattern);
        Assert.Equal("set", spec.Properties["subjects"].XKubernetesListType);
        var conditions = schema.Properties["status"].Properties["conditions"];
        Assert.Equal("map", conditions.XKubernetesListType);
        Assert.Equal(["type"], conditions.XKubernetesListMapKeys);
    }

    [Fact]
    public void Generate_Template_BoundsTheMapItsRulesIterate()
    {
        var spec = CrdGenerator.Generate(typeof(Template), "ntpl").Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];

        Assert.NotNull(spec.Properties["locales"].MaxProperties);
        Assert.True(spec.Properties["dataSchema"].XKubernetesPreserveUnknownFields);
    }

    [Fact]
    public void CommittedCrds_EveryCelRule_ParsesInTheTestedSubset()
    {
        var rules = Validator.Schemas
            .SelectMany(s => Descendants(s.OpenApi))
            .SelectMany(n => n["x-kubernetes-validations"]?.AsArray() ?? [])
            .Select(r => r!["rule"]!.GetValue<string>())
            .ToList();

        Assert.True(rules.Count >= 10, $"only {rules.Count} rules");
        Assert.All(rules, rule => CelSubset.Compile(rule));
    }

    [Fact]
    public void CommittedCrds_EveryDefault_ValidatesAgainstItsOwnSchema()
    {
        var checkedDefaults = 0;
        foreach (var node in Validator.Schemas.SelectMany(s => Descendants(s.OpenApi)).Where(n => n.ContainsKey("default")))
        {
            var schema = JsonSchema.FromText(CrdSchemaValidator.ToJsonSchema(node).ToJsonString());
            using var document = System.Text.Json.JsonDocument.Parse(node["default"]!.ToJsonString());

            Assert.True(schema.Evaluate(document.RootElement).IsValid, $"default {node["default"]!.ToJsonString()} fails {node.ToJsonString()}");
            checkedDefaults++;
        }

        Assert.True(checkedDefaults >= 20, $"only {checkedDefaults} defaults");
    }

    [Fact]
    public void Serialize_GeneratedCrd_ReadsBackAsTheSameObject()
    {
        var crd = CrdGenerator.GenerateAll()[0];

        var parsed = Assert.Single(YamlJson.ParseDocuments(ManifestWriter.Serialize(crd)));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(k8s.KubernetesJson.Serialize(crd)), parsed));
    }

    private static IEnumerable<JsonObject> Descendants(JsonObject schema)
    {
        yield return schema;
        var children = (schema["properties"]?.AsObject().Select(p => p.Value) ?? [])
            .Append(schema["items"])
            .Append(schema["additionalProperties"])
            .OfType<JsonObject>();
        foreach (var child in children)
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
