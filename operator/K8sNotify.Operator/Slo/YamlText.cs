using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace K8sNotify.Operator.Slo;

/// <summary>Writes a JSON tree as block-style YAML through YamlDotNet's emitter, multi-line strings as literal blocks.</summary>
internal static class YamlText
{
    public static string Write(JsonNode node)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    // A plain "true", "1.5" or "null" would come back as a boolean, number or null; strings must stay strings.
    private static bool ReadsAsNonString(string text) =>
        text.Length == 0
        || text is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "no" or "on" or "off" or "y" or "n"
        || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar("null"));
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    var text = node.GetValue<string>();
                    var style = text.Contains('\n') ? ScalarStyle.Literal
                        : ReadsAsNonString(text) ? ScalarStyle.DoubleQuoted
                        : ScalarStyle.Any;
                    emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
                }
                else
                {
                    emitter.Emit(new Scalar(node.ToJsonString()));
                }

                break;
        }
    }
}
