using System.Globalization;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>The patch formats the fake API server understands besides apply: JSON merge patch and JSON patch.</summary>
internal static class JsonPatching
{
    /// <summary>RFC 7386: objects merge recursively, null removes, everything else replaces.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var merged = MergePatch(result[name]?.DeepClone(), value);
                result[name] = merged;
            }
        }

        return result;
    }

    /// <summary>RFC 6902 operations add, remove, replace, test, move and copy; a failed <c>test</c> or a missing path throws <see cref="InvalidOperationException"/>.</summary>
    public static JsonNode ApplyJsonPatch(JsonNode document, JsonArray operations)
    {
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.GetValue<string>() ?? throw new InvalidOperationException("json patch operation without op");
            var path = operation["path"]?.GetValue<string>() ?? throw new InvalidOperationException("json patch operation without path");
            switch (op)
            {
                case "add":
                    document = Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(document, path), operation["value"]))
                    {
                        throw new InvalidOperationException($"json patch test failed at {path}");
                    }

                    break;
                case "move":
                    var from = operation["from"]?.GetValue<string>() ?? throw new InvalidOperationException("move without from");
                    var moved = Resolve(document, from)?.DeepClone();
                    Remove(document, from);
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    var source = operation["from"]?.GetValue<string>() ?? throw new InvalidOperationException("copy without from");
                    document = Add(document, path, Resolve(document, source)?.DeepClone());
                    break;
                default:
                    throw new InvalidOperationException($"unsupported json patch op {op}");
            }
        }

        return document;
    }

    private static JsonNode? Resolve(JsonNode? node, string path)
    {
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : throw new InvalidOperationException($"path {path} does not exist"),
                JsonArray array => array[Index(token, array.Count, path)],
                _ => throw new InvalidOperationException($"path {path} does not exist"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var tokens = Tokens(path).ToList();
        if (tokens.Count == 0)
        {
            return value ?? throw new InvalidOperationException("cannot replace the document with null");
        }

        var parent = Resolve(document, "/" + string.Join('/', tokens.Take(tokens.Count - 1).Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array:
                array.Insert(Index(last, array.Count + 1, path), value);
                break;
            default:
                throw new InvalidOperationException($"path {path} does not exist");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var tokens = Tokens(path).ToList();
        var parent = Resolve(document, "/" + string.Join('/', tokens.Take(tokens.Count - 1).Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray array:
                array.RemoveAt(Index(last, array.Count, path));
                break;
            default:
                throw new InvalidOperationException($"path {path} does not exist");
        }
    }

    private static IEnumerable<string> Tokens(string path) =>
        path.Length == 0 || path == "/" ? [] : path.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static int Index(string token, int count, string path)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= count)
        {
            throw new InvalidOperationException($"path {path} does not exist");
        }

        return index;
    }
}
