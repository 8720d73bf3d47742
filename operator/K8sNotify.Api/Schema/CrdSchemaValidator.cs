using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using k8s;
using k8s.Models;
using K8sNotify.Api.Manifests;

namespace K8sNotify.Api.Schema;

/// <summary>
/// Validates manifests against the generated CRDs the way the API server does, as far as it can offline: nulls pruned,
/// defaults applied, the openAPIV3Schema checked with JsonSchema.Net (unknown fields rejected, as with strict field
/// validation), then the CRDs' own CEL rules evaluated with <see cref="CelSubset"/>. Errors read "path: message".
/// </summary>
public sealed partial class CrdSchemaValidator
{
    private static readonly Lazy<CrdSchemaValidator> EmbeddedValidator = new(FromEmbeddedResources);

    private readonly Dictionary<(string ApiVersion, string Kind), (JsonObject OpenApi, JsonSchema Schema)> _kinds = [];

    /// <summary>Builds a validator for the given CustomResourceDefinition objects.</summary>
    public CrdSchemaValidator(IEnumerable<JsonObject> crds)
    {
        foreach (var crd in crds)
        {
            var group = crd["spec"]!["group"]!.GetValue<string>();
            var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                var openApi = version!["schema"]!["openAPIV3Schema"]!.AsObject();
                var jsonSchema = ToJsonSchema(WithImplicitRootFields(openApi));
                jsonSchema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                var name = $"{group}/{version["name"]!.GetValue<string>()}";
                _kinds[(name, kind)] = (openApi, JsonSchema.FromText(jsonSchema.ToJsonString()));
            }
        }
    }

    // The API server accepts apiVersion, kind and metadata on every custom resource, declared or not.
    private static JsonObject WithImplicitRootFields(JsonObject openApi)
    {
        var root = openApi.DeepClone().AsObject();
        if (root["properties"] is JsonObject properties)
        {
            properties["apiVersion"] ??= new JsonObject { ["type"] = "string" };
            properties["kind"] ??= new JsonObject { ["type"] = "string" };
            properties["metadata"] ??= new JsonObject { ["type"] = "object" };
        }

        return root;
    }

    /// <summary>The kinds this validator knows, with their openAPIV3Schema.</summary>
    public IEnumerable<(string Kind, JsonObject OpenApi)> Schemas => _kinds.Select(k => (k.Key.Kind, k.Value.OpenApi));

    /// <summary>Loads every CRD YAML file (not kustomization.yaml) of a folder.</summary>
    public static CrdSchemaValidator FromDirectory(string directory) =>
        new(Directory.EnumerateFiles(directory, "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlJson.ParseDocuments(File.ReadAllText(f)))
            .Cast<JsonObject>());

    /// <summary>The validator for the CRDs generated from this assembly's types, read once from its embedded resources.</summary>
    public static CrdSchemaValidator Embedded => EmbeddedValidator.Value;

    private static CrdSchemaValidator FromEmbeddedResources()
    {
        var assembly = typeof(CrdSchemaValidator).Assembly;
        var crds = new List<JsonObject>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("crds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            crds.AddRange(YamlJson.ParseDocuments(reader.ReadToEnd()).Cast<JsonObject>());
        }

        return crds.Count > 0 ? new CrdSchemaValidator(crds) : throw new InvalidOperationException("no CRDs are embedded in " + assembly.GetName().Name);
    }

    /// <summary>Loads CRDs built in memory (for example with a provider catalog that has extra types).</summary>
    public static CrdSchemaValidator FromCrds(IEnumerable<V1CustomResourceDefinition> crds) =>
        new(crds.Select(c => JsonNode.Parse(KubernetesJson.Serialize(c))!.AsObject()));

    /// <summary>True for apiVersion/kind pairs defined by the loaded CRDs.</summary>
    public bool Knows(JsonObject manifest) =>
        _kinds.ContainsKey((manifest["apiVersion"]?.GetValue<string>() ?? "", manifest["kind"]?.GetValue<string>() ?? ""));

    /// <summary>Fills in the schema defaults of a known kind in place (the API server stores defaulted objects).</summary>
    public void ApplyDefaults(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var key = (manifest["apiVersion"]?.GetValue<string>() ?? "", manifest["kind"]?.GetValue<string>() ?? "");
        if (_kinds.TryGetValue(key, out var crd))
        {
            PruneNulls(manifest);
            ApplyDefaults(crd.OpenApi, manifest);
        }
    }

    /// <summary>Returns the errors the API server would report for the manifest; empty when it is accepted.</summary>
    public IReadOnlyList<string> Validate(JsonObject manifest)
    {
        var key = (manifest["apiVersion"]?.GetValue<string>() ?? "", manifest["kind"]?.GetValue<string>() ?? "");
        if (!_kinds.TryGetValue(key, out var crd))
        {
            return [$"kind: no CRD defines {key.Item1}/{key.Item2}"];
        }

        var instance = manifest.DeepClone().AsObject();
        PruneNulls(instance);
        ApplyDefaults(crd.OpenApi, instance);

        using var document = JsonDocument.Parse(instance.ToJsonString());
        var results = crd.Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = results.IsValid ? [] : SchemaErrors(results).Distinct().ToList();
        if (errors.Count == 0)
        {
            EvaluateCelRules(crd.OpenApi, instance, "", errors);
        }

        return errors;
    }

    /// <summary>Converts a structural openAPIV3Schema to JSON Schema: objects with declared properties reject unknown fields.</summary>
    public static JsonObject ToJsonSchema(JsonObject openApi)
    {
        var schema = new JsonObject();
        foreach (var (name, value) in openApi)
        {
            switch (name)
            {
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (propertyName, propertySchema) in value!.AsObject())
                    {
                        properties[propertyName] = ToJsonSchema(propertySchema!.AsObject());
                    }

                    schema[name] = properties;
                    break;
                case "items" or "additionalProperties" when value is JsonObject nested:
                    schema[name] = ToJsonSchema(nested);
                    break;
                case "anyOf" or "allOf" or "oneOf":
                    schema[name] = new JsonArray([.. value!.AsArray().Select(s => (JsonNode)ToJsonSchema(s!.AsObject()))]);
                    break;
                case "x-kubernetes-list-type" when value!.GetValue<string>() == "set":
                    schema["uniqueItems"] = true;
                    break;
                case "x-kubernetes-validations" or "x-kubernetes-list-type" or "x-kubernetes-list-map-keys"
                    or "x-kubernetes-int-or-string" or "x-kubernetes-preserve-unknown-fields" or "default" or "format":
                    // CEL runs separately; int-or-string is already spelled as anyOf; formats and defaults are annotations.
                    break;
                default:
                    schema[name] = value?.DeepClone();
                    break;
            }
        }

        var preserve = openApi["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (openApi.ContainsKey("properties") && !openApi.ContainsKey("additionalProperties") && !preserve)
        {
            schema["additionalProperties"] = false;
        }

        return schema;
    }

    /// <summary>Walks a schema and its instance together, calling <paramref name="visit"/> for every schema node that has a value.</summary>
    public static void Walk(JsonObject schema, JsonNode? instance, string path, Action<JsonObject, JsonNode, string> visit)
    {
        if (instance is null)
        {
            return;
        }

        visit(schema, instance, path);
        if (instance is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            foreach (var (name, propertySchema) in properties)
            {
                Walk(propertySchema!.AsObject(), obj[name], Join(path, name), visit);
            }
        }
        else if (instance is JsonObject map && schema["additionalProperties"] is JsonObject valueSchema)
        {
            foreach (var (name, value) in map)
            {
                Walk(valueSchema, value, Join(path, name), visit);
            }
        }
        else if (instance is JsonArray array && schema["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(itemSchema, array[i], $"{path}[{i}]", visit);
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    // The API server prunes nulls of non-nullable fields before defaulting.
    private static void PruneNulls(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(name);
            }

            foreach (var (_, value) in obj)
            {
                PruneNulls(value!);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                PruneNulls(item);
            }
        }
    }

    private static void ApplyDefaults(JsonObject schema, JsonObject instance) =>
        Walk(schema, instance, "", (nodeSchema, node, _) =>
        {
            if (node is JsonObject obj && nodeSchema["properties"] is JsonObject properties)
            {
                foreach (var (name, propertySchema) in properties)
                {
                    if (!obj.ContainsKey(name) && propertySchema!["default"] is { } defaultValue)
                    {
                        obj[name] = defaultValue.DeepClone();
                    }
                }
            }
        });

    private static void EvaluateCelRules(JsonObject schema, JsonObject instance, string path, List<string> errors) =>
        Walk(schema, instance, path, (nodeSchema, node, nodePath) =>
        {
            if (nodeSchema["x-kubernetes-validations"] is not JsonArray rules)
            {
                return;
            }

            foreach (var rule in rules.Select(r => r!.AsObject()))
            {
                var expression = rule["rule"]!.GetValue<string>();
                var fieldPath = nodePath + (rule["fieldPath"]?.GetValue<string>() ?? "");
                try
                {
                    if (!CelSubset.Compile(expression)(node))
                    {
                        errors.Add($"{fieldPath}: Invalid value: \"object\": {rule["message"]?.GetValue<string>() ?? "failed rule: " + expression}");
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException)
                {
                    errors.Add($"{fieldPath}: Invalid value: \"object\": rule '{expression}' failed to evaluate: {e.Message}");
                }
            }
        });

    // Hierarchical output, descending only into failed nodes: the failed branch of a passing anyOf is no error.
    private static IEnumerable<string> SchemaErrors(EvaluationResults results)
    {
        if (results.IsValid)
        {
            yield break;
        }

        foreach (var error in NodeErrors(results).Concat((results.Details ?? []).SelectMany(SchemaErrors)))
        {
            yield return error;
        }
    }

    private static IEnumerable<string> NodeErrors(EvaluationResults detail)
    {
        if (detail.Errors is { Count: > 0 })
        {
            var path = FieldPath(detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors!)
            {
                switch (keyword)
                {
                    case "required":
                        foreach (Match missing in QuotedName().Matches(message))
                        {
                            yield return $"{Join(path, missing.Groups[1].Value)}: Required value";
                        }

                        break;
                    case "":
                        yield return $"{path}: unknown field \"{path}\" (not declared in the schema)";
                        break;
                    default:
                        yield return $"{path}: {keyword}: {message}";
                        break;
                }
            }
        }
    }

    private static string FieldPath(string pointer)
    {
        var path = "";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path = int.TryParse(name, out _) ? $"{path}[{name}]" : Join(path, name);
        }

        return path;
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedName();
}
