using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K8sNotify.Api.Manifests;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>
/// The kinds and names the Helm chart renders with its default values, read from the templates without helm: block
/// actions (if/else/with/range/end) are followed against values.yaml, and the name helpers are resolved for the
/// release name <c>k8snotify</c>. A range over a non-empty list counts its objects once (their names do not depend on
/// the item in these templates).
/// </summary>
internal static partial class ChartObjects
{
    private const string OperatorName = "k8snotify-operator";
    private const string FullName = "k8snotify";

    public static IReadOnlyList<string> KindsAndNames(string chartDirectory)
    {
        var values = (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(chartDirectory, "values.yaml")))[0];
        var result = new List<string>();
        foreach (var template in Directory.EnumerateFiles(Path.Combine(chartDirectory, "templates"), "*.yaml"))
        {
            foreach (var document in ActiveText(File.ReadAllLines(template), values).Split("\n---\n"))
            {
                var kind = KindLine().Match(document);
                var name = NameLine().Match(document);
                if (kind.Success && name.Success)
                {
                    result.Add(kind.Groups[1].Value + "/" + ResolveName(name.Groups[1].Value.Trim()));
                }
            }
        }

        return [.. result.Order(StringComparer.Ordinal)];
    }

    // The lines helm would keep: those under block actions whose conditions hold for the default values.
    private static string ActiveText(string[] lines, JsonObject values)
    {
        var stack = new Stack<(bool Active, bool Taken)>();
        var active = new List<string>();
        foreach (var line in lines)
        {
            var block = BlockAction().Match(line);
            if (block.Success)
            {
                var (keyword, argument) = (block.Groups[1].Value, block.Groups[2].Value.Trim());
                var enclosing = stack.Count == 0 || stack.Peek().Active;
                switch (keyword)
                {
                    case "if" or "with" or "range":
                        var holds = Truthy(Evaluate(argument, values));
                        stack.Push((enclosing && holds, holds));
                        break;
                    case "else":
                        var (_, taken) = stack.Pop();
                        var outer = stack.Count == 0 || stack.Peek().Active;
                        stack.Push((outer && !taken, true));
                        break;
                    case "end":
                        stack.Pop();
                        break;
                }

                continue;
            }

            // Other actions (labels, variables, file includes) never hold a kind or a metadata name here.
            if ((stack.Count == 0 || stack.Peek().Active) && !line.TrimStart().StartsWith("{{", StringComparison.Ordinal))
            {
                active.Add(line);
            }
        }

        return "\n" + string.Join('\n', active) + "\n";
    }

    private static JsonNode? Evaluate(string expression, JsonObject values)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts[0] switch
        {
            "not" => JsonValue.Create(!Truthy(Evaluate(string.Join(' ', parts[1..]), values))),
            "and" => JsonValue.Create(parts[1..].All(p => Truthy(Evaluate(p, values)))),
            "or" => JsonValue.Create(parts[1..].Any(p => Truthy(Evaluate(p, values)))),
            _ when parts[0].StartsWith(".Values.", StringComparison.Ordinal) || parts[0].StartsWith("$.Values.", StringComparison.Ordinal) =>
                parts[0][(parts[0].IndexOf(".Values.", StringComparison.Ordinal) + ".Values.".Length)..]
                    .Split('.')
                    .Aggregate((JsonNode?)values, (node, key) => node?[key]),
            _ => JsonValue.Create(true),
        };
    }

    private static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject obj => obj.Count > 0,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue value when value.TryGetValue<double>(out var d) => d != 0,
        _ => true,
    };

    private static string ResolveName(string template) =>
        HelperCall().Replace(template, m => m.Groups[1].Value switch
        {
            "k8snotify.fullname" => FullName,
            _ => OperatorName,
        }).Replace("{{ $name }}", OperatorName, StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*\{\{-?\s*(if|else|with|range|end)\b(.*?)-?\}\}\s*$")]
    private static partial Regex BlockAction();

    [GeneratedRegex(@"(?m)^kind: (\S+)\s*$")]
    private static partial Regex KindLine();

    [GeneratedRegex(@"(?ms)^metadata:\s*\n  name: ([^\n]+)$")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"\{\{\s*include ""([^""]+)"" [.$]\s*\}\}")]
    private static partial Regex HelperCall();
}
