using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Cli.Output;

/// <summary>Indented JSON for <c>--output json</c>, with the characters of templates (&lt;, &gt;, quotes, non-ASCII) kept readable.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Options);
    }
}
