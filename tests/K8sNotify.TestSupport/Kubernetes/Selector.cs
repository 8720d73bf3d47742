using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// A parsed label selector (<c>a=b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>) or field
/// selector (<c>metadata.name=x</c>, <c>involvedObject.kind!=Pod</c>), matched against stored objects.
/// </summary>
internal sealed class Selector
{
    private readonly List<Func<JsonObject, bool>> _terms = [];

    private Selector()
    {
    }

    public static Selector Everything { get; } = new();

    /// <summary>Parses a label selector; throws <see cref="FormatException"/> for syntax the API server would refuse.</summary>
    public static Selector Labels(string? text)
    {
        var selector = new Selector();
        foreach (var term in SplitTerms(text))
        {
            selector._terms.Add(LabelTerm(term));
        }

        return selector;
    }

    /// <summary>Parses a field selector; any dotted field path of the object may be used.</summary>
    public static Selector Fields(string? text)
    {
        var selector = new Selector();
        foreach (var term in SplitTerms(text))
        {
            var negated = term.Contains("!=", StringComparison.Ordinal);
            var parts = term.Split(negated ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts.Length != 2)
            {
                throw new FormatException($"invalid field selector term \"{term}\"");
            }

            var path = parts[0].Trim().Split('.');
            var expected = parts[1].Trim();
            selector._terms.Add(obj => (FieldValue(obj, path) == expected) != negated);
        }

        return selector;
    }

    /// <summary>Builds the selector string of a LabelSelector object (matchLabels and matchExpressions).</summary>
    public static string FromLabelSelector(JsonNode? selector)
    {
        if (selector is JsonValue value)
        {
            return value.GetValue<string>();
        }

        var terms = new List<string>();
        if (selector?["matchLabels"] is JsonObject matchLabels)
        {
            terms.AddRange(matchLabels.Select(pair => $"{pair.Key}={pair.Value}"));
        }

        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]?.GetValue<string>();
                var values = string.Join(',', expression["values"]?.AsArray().Select(v => v!.GetValue<string>()) ?? []);
                terms.Add(expression["operator"]?.GetValue<string>() switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "DoesNotExist" => "!" + key,
                    _ => key ?? string.Empty,
                });
            }
        }

        return string.Join(',', terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(term => term(obj));

    private static Func<JsonObject, bool> LabelTerm(string term)
    {
        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal)
            || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var notIn = words[1].StartsWith("notin", StringComparison.Ordinal);
            var list = words[1][(notIn ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
            {
                throw new FormatException($"invalid label selector term \"{term}\"");
            }

            var values = list[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var key = words[0];
            return obj => Label(obj, key) is { } v ? values.Contains(v) != notIn : notIn;
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return obj => Label(obj, key) is null;
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var expected = term[(at + op.Length)..].Trim();
                var negated = op == "!=";
                return obj => (Label(obj, key) == expected) != negated;
            }
        }

        var exists = term.Trim();
        return obj => Label(obj, exists) is not null;
    }

    private static string? Label(JsonObject obj, string key) =>
        obj["metadata"]?["labels"]?[key] is JsonValue value ? value.ToString() : null;

    private static string FieldValue(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node is JsonValue value ? value.ToString() : string.Empty;
    }

    // Commas separate terms except inside the parentheses of in/notin.
    private static IEnumerable<string> SplitTerms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        if (text[start..].Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }
}
