using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Dispatcher.Providers.Chat;

/// <summary>Parses the rendered <c>body</c> of a chat Template: JSON the Slack and Teams providers put into their messages.</summary>
public static class ChatBody
{
    /// <summary>The parsed body, or null when the Template has none; <paramref name="error"/> says why a present body is unusable.</summary>
    public static JsonNode? Parse(string? body, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException e)
        {
            // The position is enough to find the mistake; the body itself may hold personal data.
            error = $"the rendered chat body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
            return null;
        }
    }
}
