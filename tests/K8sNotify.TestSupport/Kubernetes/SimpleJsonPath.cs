using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// The JSONPath subset printer columns and scale subresources use: <c>.a.b</c>, <c>[n]</c>, <c>[*]</c> and filters
/// <c>[?(@.field=="value")]</c>. Several matches are joined with commas, as the API server's table printer does.
/// </summary>
internal static class SimpleJsonPath
{
    public static IReadOnlyList<JsonNode> Select(JsonNode? root, string path)
    {
        var current = new List<JsonNode>();
        if (root is not null)
        {
            current.Add(root);
        }

        var text = path.Trim().TrimStart('{').TrimEnd('}').TrimStart('$');
        var i = 0;
        while (i < text.Length && current.Count > 0)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                var name = text[(i + 1)..end];
                current = [.. current.Select(n => n is JsonObject o ? o[name] : null).OfType<JsonNode>()];
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = i + 1 < text.Length && text[i + 1] == '?' ? text.IndexOf(")]", i, StringComparison.Ordinal) + 1 : text.IndexOf(']', i);
                if (end <= i)
                {
                    throw new FormatException($"unsupported JSONPath {path}");
                }

                var inside = text[(i + 1)..end];
                current = [.. current.SelectMany(n => Index(n, inside))];
                i = end + 1;
            }
            else
            {
                throw new FormatException($"unsupported JSONPath {path}");
            }
        }

        return current;
    }

    /// <summary>The matches as the table printer shows them: scalars as text, several joined with commas.</summary>
    public static string? Text(JsonNode? root, string path)
    {
        var matches = Select(root, path);
        return matches.Count == 0 ? null : string.Join(',', matches.Select(m => m is JsonValue v ? v.ToString() : m.ToJsonString()));
    }

    private static IEnumerable<JsonNode> Index(JsonNode node, string inside)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        if (inside == "*")
        {
            return array.OfType<JsonNode>();
        }

        if (int.TryParse(inside, out var index))
        {
            return index < array.Count && array[index] is { } item ? [item] : [];
        }

        if (inside.StartsWith("?(@.", StringComparison.Ordinal) && inside.EndsWith(')'))
        {
            var condition = inside[4..^1];
            var split = condition.IndexOf("==", StringComparison.Ordinal);
            var field = condition[..split].Trim();
            var expected = condition[(split + 2)..].Trim().Trim('"', '\'');
            return array.OfType<JsonObject>().Where(item => item[field] is JsonValue v && v.ToString() == expected);
        }

        throw new FormatException($"unsupported JSONPath index [{inside}]");
    }
}
