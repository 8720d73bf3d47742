using System.Text.Json.Nodes;
using K8sNotify.Api.Schema;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>Turns an applied apiextensions.k8s.io/v1 CustomResourceDefinition into the resource types it serves.</summary>
internal static class CustomResourceDefinitions
{
    public const string Group = "apiextensions.k8s.io";
    public const string Plural = "customresourcedefinitions";

    /// <summary>One resource per served version; throws <see cref="FormatException"/> when the definition is unusable.</summary>
    public static IReadOnlyList<FakeResource> Resources(JsonObject crd)
    {
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? throw new FormatException("metadata.name: Required value");
        var spec = crd["spec"] as JsonObject ?? throw new FormatException("spec: Required value");
        var group = spec["group"]?.GetValue<string>() ?? throw new FormatException("spec.group: Required value");
        var names = spec["names"] as JsonObject ?? throw new FormatException("spec.names: Required value");
        var plural = names["plural"]?.GetValue<string>() ?? throw new FormatException("spec.names.plural: Required value");
        var kind = names["kind"]?.GetValue<string>() ?? throw new FormatException("spec.names.kind: Required value");
        if (name != $"{plural}.{group}")
        {
            throw new FormatException($"metadata.name: Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group");
        }

        CrdSchemaValidator validator;
        try
        {
            validator = new CrdSchemaValidator([crd]);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new FormatException("spec.versions[*].schema.openAPIV3Schema: Invalid value: " + e.Message, e);
        }

        var resources = new List<FakeResource>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => v["served"]?.GetValue<bool>() != false))
        {
            var subresources = version["subresources"] as JsonObject;
            var scale = subresources?["scale"] as JsonObject;
            resources.Add(new FakeResource(group, version["name"]!.GetValue<string>(), plural, kind, spec["scope"]?.GetValue<string>() != "Cluster", subresources?["status"] is not null)
            {
                Singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                Scale = scale is null ? null : new ScaleSubresource(
                    scale["specReplicasPath"]?.GetValue<string>() ?? ".spec.replicas",
                    scale["statusReplicasPath"]?.GetValue<string>() ?? ".status.replicas",
                    scale["labelSelectorPath"]?.GetValue<string>()),
                PrinterColumns = (version["additionalPrinterColumns"] as JsonArray)?.OfType<JsonObject>().Select(c => new PrinterColumn(
                    c["name"]!.GetValue<string>(),
                    c["type"]?.GetValue<string>() ?? "string",
                    c["jsonPath"]!.GetValue<string>(),
                    int.Parse(c["priority"]?.ToString() ?? "0", System.Globalization.CultureInfo.InvariantCulture),
                    c["description"]?.GetValue<string>() ?? string.Empty)).ToList()
                    ?? [new PrinterColumn("Age", "date", ".metadata.creationTimestamp")],
                OpenApiSchema = version["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
                Validator = validator,
                DefinedBy = name,
            });
        }

        return resources;
    }

    /// <summary>The status the API server reports once a definition's names are accepted and it is served.</summary>
    public static JsonObject EstablishedStatus(JsonObject crd, string now)
    {
        var names = crd["spec"]?["names"]?.DeepClone() ?? new JsonObject();
        return new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray([.. (crd["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(v => v["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode)v["name"]!.GetValue<string>())]),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];
}
