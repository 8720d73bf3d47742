using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Cli;

/// <summary>The <c>--data</c> (inline JSON object) and <c>--data-file</c> options of a message's data.</summary>
internal sealed class DataInput
{
    public Option<string?> Inline { get; } = new("--data", "-d") { Description = "The message's data as an inline JSON object (default {})", HelpName = "JSON" };

    public Option<string?> File { get; } = new("--data-file") { Description = "The message's data from a JSON file instead", HelpName = "FILE" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Inline);
        command.Options.Add(File);
    }

    public JsonObject Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var (inline, file) = (parsed.GetValue(Inline), parsed.GetValue(File));
        if (inline is not null && file is not null)
        {
            throw new CliException("pass the data with --data or --data-file, not both", ExitCodes.BadInput);
        }

        return file is not null ? Parse(ReadFile(file), file) : inline is not null ? Parse(inline, "--data") : [];
    }

    private static JsonObject Parse(string text, string source)
    {
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
        System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path) : throw new CliException($"data file {path} does not exist", ExitCodes.BadInput);
}
