using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace K8sNotify.Api.Manifests;

/// <summary>Writes Kubernetes objects as deterministic block-style YAML (nulls omitted, key order kept) that kubectl and <see cref="YamlJson"/> read back unchanged.</summary>
public static class ManifestWriter
{
    private const int IndentStep = 2;

    // YAML 1.1 (go-yaml, used by kubectl) reads these plain scalars as booleans or null, so they are always quoted.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "y", "n", "on", "off", "null", "~",
    };

    /// <summary>Serializes one object (through the Kubernetes JSON converters) as a YAML document.</summary>
    public static string Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var node = JsonNode.Parse(KubernetesJson.Serialize(value))
            ?? throw new ArgumentException("the object serialized to JSON null", nameof(value));
        return ToYaml(node);
    }

    /// <summary>Serializes several objects as one YAML stream, documents separated by <c>---</c>.</summary>
    public static string SerializeAll(IEnumerable<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join("---\n", values.Select(Serialize));
    }

    /// <summary>Converts a JSON node to a YAML document ending in a newline.</summary>
    public static string ToYaml(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var yaml = new StringBuilder();
        switch (node)
        {
            case JsonObject obj when obj.Any(p => p.Value is not null):
                WriteMapping(yaml, obj, 0, firstLineIndented: true);
                break;
            case JsonArray array when array.Count > 0:
                WriteSequence(yaml, array, 0);
                break;
            default:
                WriteScalarValue(yaml, node, IndentStep);
                break;
        }

        return yaml.ToString();
    }

    private static void WriteMapping(StringBuilder yaml, JsonObject obj, int indent, bool firstLineIndented)
    {
        var first = true;
        foreach (var (key, value) in obj)
        {
            if (value is null)
            {
                continue;
            }

            if (!first || firstLineIndented)
            {
                yaml.Append(' ', indent);
            }

            first = false;
            yaml.Append(FormatScalar(key)).Append(':');
            WriteValueAfterIndicator(yaml, value, indent, sequenceIndent: indent);
        }
    }

    private static void WriteSequence(StringBuilder yaml, JsonArray array, int indent)
    {
        foreach (var item in array)
        {
            yaml.Append(' ', indent).Append('-');
            if (item is null)
            {
                yaml.Append(" null\n");
                continue;
            }

            WriteValueAfterIndicator(yaml, item, indent, sequenceIndent: indent + IndentStep);
        }
    }

    // Writes what follows "key:" or "-": nested collections on the next lines, scalars on the same line.
    private static void WriteValueAfterIndicator(StringBuilder yaml, JsonNode value, int indent, int sequenceIndent)
    {
        switch (value)
        {
            case JsonObject obj when obj.Any(p => p.Value is not null):
                if (value.Parent is JsonArray)
                {
                    yaml.Append(' ');
                    WriteMapping(yaml, obj, indent + IndentStep, firstLineIndented: false);
                }
                else
                {
                    yaml.Append('\n');
                    WriteMapping(yaml, obj, indent + IndentStep, firstLineIndented: true);
                }

                break;
            case JsonObject:
                yaml.Append(" {}\n");
                break;
            case JsonArray { Count: > 0 } array:
                yaml.Append('\n');
                WriteSequence(yaml, array, sequenceIndent);
                break;
            case JsonArray:
                yaml.Append(" []\n");
                break;
            default:
                yaml.Append(' ');
                WriteScalarValue(yaml, value, indent + IndentStep);
                break;
        }
    }

    private static void WriteScalarValue(StringBuilder yaml, JsonNode value, int blockIndent)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (CanWriteAsLiteralBlock(text))
                {
                    WriteLiteralBlock(yaml, text, blockIndent);
                    return;
                }

                yaml.Append(FormatScalar(text)).Append('\n');
                return;
            case JsonValueKind.True:
                yaml.Append("true\n");
                return;
            case JsonValueKind.False:
                yaml.Append("false\n");
                return;
            case JsonValueKind.Number:
                yaml.Append(value.ToJsonString()).Append('\n');
                return;
            default:
                yaml.Append("null\n");
                return;
        }
    }

    // Multi-line text (templates, bundled JSON) stays readable as a literal block when it round-trips exactly.
    private static bool CanWriteAsLiteralBlock(string text)
    {
        if (!text.Contains('\n') || text.StartsWith(' ') || text.StartsWith('\n'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != '\n' && c != '\t' && (char.IsControl(c) || c == '\uFEFF'))
            {
                return false;
            }
        }

        return !text.Split('\n').Any(line => line.EndsWith(' ') || line.EndsWith('\t'));
    }

    private static void WriteLiteralBlock(StringBuilder yaml, string text, int indent)
    {
        var body = text.TrimEnd('\n');
        var trailingNewlines = text.Length - body.Length;
        yaml.Append(trailingNewlines switch { 0 => "|-", 1 => "|", _ => "|+" }).Append('\n');
        foreach (var line in text[..(trailingNewlines > 1 ? text.Length - 1 : body.Length)].Split('\n'))
        {
            if (line.Length > 0)
            {
                yaml.Append(' ', indent).Append(line);
            }

            yaml.Append('\n');
        }
    }

    private static string FormatScalar(string text) => IsSafePlain(text) ? text : Quote(text);

    private static bool IsSafePlain(string text)
    {
        if (text.Length == 0 || ReservedWords.Contains(text) || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }

        // Indicators, and anything that could read as a number, date or merge key, start a quoted scalar.
        if ("-?:,[]{}#&*!|>'\"%@`<=+.~".Contains(text[0]) || char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        if (text.EndsWith(':') || text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }

        return !text.Any(c => char.IsControl(c) || c == '\uFEFF');
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\n':
                    quoted.Append("\\n");
                    break;
                case '\r':
                    quoted.Append("\\r");
                    break;
                case '\t':
                    quoted.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c) || c == '\uFEFF')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
