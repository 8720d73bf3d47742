using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>One request a <see cref="LoopbackHttpServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as an application/x-www-form-urlencoded form (last value wins).</summary>
    public Dictionary<string, string> Form() =>
        QueryHelpers.ParseQuery(BodyText).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);

    public JsonNode Json() => JsonNode.Parse(BodyText) ?? throw new InvalidOperationException("empty JSON body");
}
