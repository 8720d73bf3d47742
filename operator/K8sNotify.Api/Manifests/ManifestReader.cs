using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.Schema;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Manifests;

/// <summary>Reads Channel, Template, Provider and Secret manifests (YAML or JSON) from files and folders.</summary>
public static class ManifestReader
{
    /// <summary>Reads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file under a folder, in a stable order.</summary>
    public static ManifestSet ReadDirectory(string directory, string defaultNamespace = "default") =>
        ReadDirectory(directory, defaultNamespace, validator: null);

    /// <summary>
    /// Reads a folder like <see cref="ReadDirectory(string, string)"/>; with a <paramref name="validator"/>, every
    /// Channel, Template and Provider is first checked against its CRD schema and a violation is refused with the
    /// file, the object and the field path.
    /// </summary>
    public static ManifestSet ReadDirectory(string directory, string defaultNamespace, CrdSchemaValidator? validator)
    {
        if (!Directory.Exists(directory))
        {
            throw new ManifestException($"manifest folder '{directory}' does not exist");
        }

        var set = new ManifestSet();
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                     || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                     || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Where(f => !Path.GetFileName(f).Equals("kustomization.yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            AddYaml(set, File.ReadAllText(file), new Source(file, Path.GetRelativePath(directory, file), validator), defaultNamespace);
        }

        return set;
    }

    /// <summary>Reads the documents of one YAML stream into a set.</summary>
    public static ManifestSet ReadString(string yaml, string source = "<input>", string defaultNamespace = "default")
    {
        var set = new ManifestSet();
        AddYaml(set, yaml, new Source(source, source, Validator: null), defaultNamespace);
        return set;
    }

    /// <summary>Deserializes one object of a known type from a JSON node.</summary>
    public static T Deserialize<T>(JsonNode node, string source)
    {
        try
        {
            return KubernetesJson.Deserialize<T>(node.ToJsonString())
                ?? throw new ManifestException($"{source}: empty {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $" at {path.TrimStart('$', '.')}" : "";
            throw new ManifestException($"{source}: invalid {typeof(T).Name}{where}: {e.Message}", e);
        }
    }

    private static void AddYaml(ManifestSet set, string yaml, Source source, string defaultNamespace)
    {
        var index = 0;
        foreach (var node in YamlJson.ParseDocuments(yaml))
        {
            index++;
            var where = $"{source.Path} (document {index})";
            if (node is not JsonObject obj)
            {
                throw new ManifestException($"{where}: a manifest must be a mapping");
            }

            if (obj["kind"]?.GetValue<string>() == "List" && obj["items"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    Add(set, item, where, source, defaultNamespace);
                }

                continue;
            }

            Add(set, obj, where, source, defaultNamespace);
        }
    }

    private static void Add(ManifestSet set, JsonObject obj, string where, Source source, string defaultNamespace)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if (apiVersion is null || kind is null)
        {
            throw new ManifestException($"{where}: apiVersion and kind are required");
        }

        if (source.Validator is { } validator && apiVersion == ApiGroup.ApiVersion && validator.Knows(obj))
        {
            Validate(validator, obj, kind, source.DisplayName, defaultNamespace);
        }

        switch (apiVersion, kind)
        {
            case (ApiGroup.ApiVersion, ApiGroup.ChannelKind):
                set.Channels.Add(WithNamespace(Deserialize<Channel>(obj, where), defaultNamespace));
                break;
            case (ApiGroup.ApiVersion, ApiGroup.TemplateKind):
                set.Templates.Add(WithNamespace(Deserialize<Template>(obj, where), defaultNamespace));
                break;
            case (ApiGroup.ApiVersion, ApiGroup.ProviderKind):
                set.Providers.Add(WithNamespace(Deserialize<Provider>(obj, where), defaultNamespace));
                break;
            case ("v1", "Secret"):
                set.Secrets.Add(WithNamespace(Deserialize<V1Secret>(obj, where), defaultNamespace));
                break;
            default:
                set.Ignored.Add($"{apiVersion}/{kind} {obj["metadata"]?["name"]} ({where})");
                break;
        }
    }

    // Refused before deserialization: a typed read would silently drop unknown fields and accept missing ones.
    private static void Validate(CrdSchemaValidator validator, JsonObject obj, string kind, string file, string defaultNamespace)
    {
        var errors = WithoutAddedProviderType(validator.Validate(obj), obj, kind);
        if (errors.Count == 0)
        {
            return;
        }

        var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? defaultNamespace;
        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "<unnamed>";
        throw new ManifestException($"{file}: {kind} {ns}/{name}: {string.Join("; ", errors)}");
    }

    // A Provider type compiled into this binary but absent from the shipped CRD is not a schema error: its factory
    // checks its settings block, and the runtime builder names a type no factory supports.
    private static List<string> WithoutAddedProviderType(IReadOnlyList<string> errors, JsonObject obj, string kind)
    {
        if (kind != ApiGroup.ProviderKind || !errors.Any(e => e.StartsWith("spec.type: enum:", StringComparison.Ordinal))
            || obj["spec"]?["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            return [.. errors];
        }

        return [.. errors.Where(e => !e.StartsWith("spec.type: ", StringComparison.Ordinal)
            && !e.StartsWith($"spec.{type}: ", StringComparison.Ordinal)
            && !e.StartsWith($"spec.{type}.", StringComparison.Ordinal))];
    }

    private static T WithNamespace<T>(T obj, string defaultNamespace)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata ??= new V1ObjectMeta();
        if (string.IsNullOrEmpty(obj.Metadata.Name))
        {
            throw new ManifestException($"{obj.Kind}: metadata.name is required");
        }

        obj.Metadata.NamespaceProperty ??= defaultNamespace;
        return obj;
    }

    // Path names the file in errors as read; DisplayName is how a validation error names it (relative to the folder).
    private sealed record Source(string Path, string DisplayName, CrdSchemaValidator? Validator);
}
