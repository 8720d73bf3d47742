using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Api.Schema;

/// <summary>
/// An interpreter for the subset of CEL the generated CRDs use (field selection, has(), size(), in,
/// comparisons, logic, list literals and the all/exists/exists_one/filter macros), so the emitted rules
/// themselves are evaluated instead of being mirrored by hand. Anything outside the subset throws.
/// </summary>
public sealed class CelSubset
{
    private readonly List<string> _tokens;
    private int _position;

    private static readonly HashSet<string> Functions = ["has", "size", "all", "exists", "exists_one", "filter"];

    private CelSubset(string expression)
    {
        _tokens = Tokenize(expression);
    }

    private abstract record Node;

    private sealed record Literal(object? Value) : Node;

    private sealed record Identifier(string Name) : Node;

    private sealed record Select(Node Target, string Field) : Node;

    private sealed record Index(Node Target, Node Key) : Node;

    private sealed record Call(Node? Target, string Function, IReadOnlyList<Node> Arguments) : Node;

    private sealed record Unary(string Operator, Node Operand) : Node;

    private sealed record Binary(string Operator, Node Left, Node Right) : Node;

    private sealed record Conditional(Node Condition, Node Then, Node Else) : Node;

    private sealed record ListLiteral(IReadOnlyList<Node> Items) : Node;

    /// <summary>Parses a rule; throws <see cref="FormatException"/> for syntax outside the subset.</summary>
    public static Func<JsonNode?, bool> Compile(string expression)
    {
        var parser = new CelSubset(expression);
        var root = parser.ParseConditional();
        if (parser._position != parser._tokens.Count)
        {
            throw new FormatException($"unexpected '{parser._tokens[parser._position]}' in: {expression}");
        }

        return self => Evaluate(root, new Dictionary<string, object?> { ["self"] = FromJson(self) }) is true;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unterminated string in: {text}");
                }

                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "<=" or ">=" or "&&" or "||")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if ("()[],.!<>?:+-*/%".Contains(c))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new FormatException($"unsupported character '{c}' in: {text}");
            }
        }

        return tokens;
    }

    private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next() => _position < _tokens.Count ? _tokens[_position++] : throw new FormatException("unexpected end of rule");

    private void Expect(string token)
    {
        if (Next() != token)
        {
            throw new FormatException($"expected '{token}' at token {_position}");
        }
    }

    private Node ParseConditional()
    {
        var condition = ParseBinary(0);
        if (Peek != "?")
        {
            return condition;
        }

        Next();
        var then = ParseConditional();
        Expect(":");
        return new Conditional(condition, then, ParseConditional());
    }

    private static readonly string[][] Precedence =
    [
        ["||"],
        ["&&"],
        ["==", "!=", "<", "<=", ">", ">=", "in"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private Node ParseBinary(int level)
    {
        if (level == Precedence.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (Peek is { } op && Precedence[level].Contains(op))
        {
            Next();
            left = new Binary(op, left, ParseBinary(level + 1));
        }

        return left;
    }

    private Node ParseUnary() => Peek is "!" or "-" ? new Unary(Next(), ParseUnary()) : ParseMember();

    private Node ParseMember()
    {
        var node = ParsePrimary();
        while (true)
        {
            if (Peek == ".")
            {
                Next();
                var name = Next();
                node = Peek == "(" ? new Call(node, KnownFunction(name), ParseArguments()) : new Select(node, name);
            }
            else if (Peek == "[")
            {
                Next();
                var key = ParseConditional();
                Expect("]");
                node = new Index(node, key);
            }
            else
            {
                return node;
            }
        }
    }

    private List<Node> ParseArguments()
    {
        Expect("(");
        var arguments = new List<Node>();
        while (Peek != ")")
        {
            arguments.Add(ParseConditional());
            if (Peek == ",")
            {
                Next();
            }
        }

        Expect(")");
        return arguments;
    }

    private Node ParsePrimary()
    {
        var token = Next();
        switch (token)
        {
            case "(":
                var inner = ParseConditional();
                Expect(")");
                return inner;
            case "[":
                var items = new List<Node>();
                while (Peek != "]")
                {
                    items.Add(ParseConditional());
                    if (Peek == ",")
                    {
                        Next();
                    }
                }

                Expect("]");
                return new ListLiteral(items);
            case "true":
                return new Literal(true);
            case "false":
                return new Literal(false);
            case "null":
                return new Literal(null);
        }

        if (token[0] is '\'' or '"')
        {
            return new Literal(token[1..^1]);
        }

        if (char.IsAsciiDigit(token[0]))
        {
            return token.Contains('.')
                ? new Literal(double.Parse(token, CultureInfo.InvariantCulture))
                : new Literal(long.Parse(token, CultureInfo.InvariantCulture));
        }

        return Peek == "(" ? new Call(null, KnownFunction(token), ParseArguments()) : new Identifier(token);
    }

    private static string KnownFunction(string name)
    {
        return Functions.Contains(name) ? name : throw new FormatException($"function '{name}' is outside the tested CEL subset");
    }

    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj,
        JsonArray array => array.Select(FromJson).ToList(),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Through the JSON text, so values built from int, long or JsonElement all read the same way.
            JsonValueKind.Number when long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            JsonValueKind.Number => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
    };

    private static object? Evaluate(Node node, Dictionary<string, object?> scope) => node switch
    {
        Literal literal => literal.Value,
        Identifier id => scope.TryGetValue(id.Name, out var value) ? value : throw new InvalidOperationException($"undeclared reference '{id.Name}'"),
        Select select => Field(Evaluate(select.Target, scope), select.Field),
        Index index => Lookup(Evaluate(index.Target, scope), Evaluate(index.Key, scope)),
        ListLiteral list => list.Items.Select(i => Evaluate(i, scope)).ToList(),
        Unary { Operator: "!" } unary => !(bool)Evaluate(unary.Operand, scope)!,
        Unary unary => -(long)Evaluate(unary.Operand, scope)!,
        Binary { Operator: "||" } b => (bool)Evaluate(b.Left, scope)! || (bool)Evaluate(b.Right, scope)!,
        Binary { Operator: "&&" } b => (bool)Evaluate(b.Left, scope)! && (bool)Evaluate(b.Right, scope)!,
        Binary b => Apply(b.Operator, Evaluate(b.Left, scope), Evaluate(b.Right, scope)),
        Conditional c => (bool)Evaluate(c.Condition, scope)! ? Evaluate(c.Then, scope) : Evaluate(c.Else, scope),
        Call call => Invoke(call, scope),
        _ => throw new InvalidOperationException($"unsupported node {node}"),
    };

    private static object? Field(object? target, string field) =>
        target is JsonObject obj && obj.TryGetPropertyValue(field, out var value)
            ? FromJson(value)
            : throw new InvalidOperationException($"no such key: {field}");

    private static object? Lookup(object? target, object? key) => target switch
    {
        JsonObject obj when key is string name => Field(obj, name),
        List<object?> list when key is long i && i >= 0 && i < list.Count => list[(int)i],
        _ => throw new InvalidOperationException($"cannot index {target?.GetType().Name} with {key}"),
    };

    private static object? Apply(string op, object? left, object? right)
    {
        if (op == "in")
        {
            return right switch
            {
                JsonObject obj when left is string key => obj.ContainsKey(key),
                List<object?> list => list.Any(item => Equals(item, left)),
                _ => throw new InvalidOperationException($"'in' on {right?.GetType().Name}"),
            };
        }

        if (op is "==" or "!=")
        {
            var equal = Equals(left, right);
            return op == "==" ? equal : !equal;
        }

        if (left is long a && right is long b)
        {
            return op switch
            {
                "<" => a < b,
                "<=" => a <= b,
                ">" => a > b,
                ">=" => a >= b,
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => a / b,
                "%" => a % b,
                _ => throw new InvalidOperationException($"unsupported operator {op}"),
            };
        }

        if (left is string s && right is string t)
        {
            var order = string.CompareOrdinal(s, t);
            return op switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                ">=" => order >= 0,
                "+" => s + t,
                _ => throw new InvalidOperationException($"unsupported operator {op} on strings"),
            };
        }

        throw new InvalidOperationException($"no overload for {left?.GetType().Name} {op} {right?.GetType().Name}");
    }

    private static object? Invoke(Call call, Dictionary<string, object?> scope)
    {
        if (call.Function == "has" && call.Target is null)
        {
            if (call.Arguments is not [Select select])
            {
                throw new InvalidOperationException("has() takes one field selection");
            }

            return Evaluate(select.Target, scope) is JsonObject obj && obj.TryGetPropertyValue(select.Field, out var v) && v is not null;
        }

        if (call.Function == "size")
        {
            var value = call.Target is null ? Evaluate(call.Arguments.Single(), scope) : Evaluate(call.Target, scope);
            return value switch
            {
                string s => (long)s.Length,
                List<object?> list => (long)list.Count,
                JsonObject obj => (long)obj.Count,
                _ => throw new InvalidOperationException($"size() of {value?.GetType().Name}"),
            };
        }

        if (call is { Target: { } target, Function: "all" or "exists" or "exists_one" or "filter", Arguments: [Identifier variable, var body] })
        {
            var range = Evaluate(target, scope) switch
            {
                List<object?> list => list,
                JsonObject obj => obj.Select(p => (object?)p.Key).ToList(),
                var other => throw new InvalidOperationException($"{call.Function}() over {other?.GetType().Name}"),
            };
            var matches = range.Where(item => Evaluate(body, new Dictionary<string, object?>(scope) { [variable.Name] = item }) is true).ToList();
            return call.Function switch
            {
                "all" => matches.Count == range.Count,
                "exists" => matches.Count > 0,
                "exists_one" => matches.Count == 1,
                _ => matches,
            };
        }

        throw new InvalidOperationException($"function '{call.Function}' is outside the tested CEL subset");
    }
}
