using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Cli;

/// <summary>Reads the <c>--data</c> of a message: a JSON object inline, or <c>@FILE</c>.</summary>
internal static class DataInput
{
    public static JsonObject Read(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var (text, source) = value.StartsWith('@') ? (ReadFile(value[1..]), value[1..]) : (value, "--data");
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliException($"{source}: the data must be a JSON object", ExitCodes.BadInput);
        }
        catch (JsonException e)
        {
            throw new CliException($"{source}: not JSON: {e.Message}", ExitCodes.BadInput);
        }
    }

    private static string ReadFile(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new CliException($"data file {path} does not exist", ExitCodes.BadInput);
}
