using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// OpenAPI v3 discovery (<c>/openapi/v3</c>) and one document per group version: every resource's paths with the
/// <c>x-kubernetes-group-version-kind</c> and <c>fieldValidation</c> parameter kubectl looks for before relying on
/// server-side field validation, and component schemas — a CRD's openAPIV3Schema, an open object for built-in kinds.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Root(IEnumerable<FakeResource> resources)
    {
        var paths = new JsonObject();
        foreach (var group in resources.GroupBy(r => (r.Group, r.Version)).OrderBy(g => g.Key.Group, StringComparer.Ordinal))
        {
            var path = PathOf(group.Key.Group, group.Key.Version);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Document(group).ToJsonString())))[..32];
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group version, or null when nothing is served there.</summary>
    public static JsonObject? GroupVersion(IEnumerable<FakeResource> resources, string group, string version)
    {
        var matching = resources.Where(r => r.Group == group && r.Version == version).ToList();
        return matching.Count == 0 ? null : Document(matching);
    }

    public static string PathOf(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject Document(IEnumerable<FakeResource> resources)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var r in resources.OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            var prefix = "/" + PathOf(r.Group, r.Version) + (r.Namespaced ? "/namespaces/{namespace}/" : "/") + r.Plural;
            var schemaName = SchemaName(r);
            paths[prefix] = new JsonObject
            {
                ["get"] = Operation(r, "list", schemaName, collection: true),
                ["post"] = Operation(r, "post", schemaName),
            };
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(r, "get", schemaName),
                ["put"] = Operation(r, "put", schemaName),
                ["patch"] = Operation(r, "patch", schemaName),
                ["delete"] = Operation(r, "delete", schemaName),
            };
            if (r.HasStatus)
            {
                paths[prefix + "/{name}/status"] = new JsonObject
                {
                    ["get"] = Operation(r, "get", schemaName),
                    ["put"] = Operation(r, "put", schemaName),
                    ["patch"] = Operation(r, "patch", schemaName),
                };
            }

            var schema = r.OpenApiSchema?.DeepClone().AsObject() ?? new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["apiVersion"] = new JsonObject { ["type"] = "string" },
                    ["kind"] = new JsonObject { ["type"] = "string" },
                    ["metadata"] = new JsonObject { ["type"] = "object" },
                },
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(r));
            schemas[schemaName] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(FakeResource r, string action, string schemaName, bool collection = false)
    {
        var parameters = new JsonArray(Query("dryRun"), Query("fieldManager"));
        if (action is "post" or "put" or "patch")
        {
            parameters.Add(Query("fieldValidation"));
        }

        if (action == "patch")
        {
            parameters.Add(new JsonObject { ["name"] = "force", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "boolean", ["uniqueItems"] = true } });
        }

        if (collection)
        {
            parameters.Add(Query("labelSelector"));
            parameters.Add(Query("fieldSelector"));
        }

        var reference = new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName };
        return new JsonObject
        {
            ["tags"] = new JsonArray(r.Group.Length == 0 ? "core_v1" : $"{r.Group}_{r.Version}"),
            ["operationId"] = $"{action}{r.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(r),
        };
    }

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Gvk(FakeResource r) => new() { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind };

    private static string SchemaName(FakeResource r)
    {
        var group = r.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', r.Group.Split('.').Reverse());
        return $"{group}.{r.Version}.{r.Kind}";
    }
}
