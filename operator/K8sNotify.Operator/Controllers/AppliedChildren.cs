using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sNotify.Operator.Controllers;

/// <summary>
/// Remembers what the operator last server-side applied to each child, so an unchanged child is not applied again on
/// every reconcile. A child is skipped only when the desired object is the one applied last time (hash, which also
/// covers fields the operator stopped setting) and the cached object still contains every desired field (a hand edit
/// or a deletion shows up in the cache and makes the next reconcile apply again).
/// </summary>
public sealed class AppliedChildren
{
    private readonly ConcurrentDictionary<string, string> _applied = new(StringComparer.Ordinal);

    /// <summary>The hash of a desired object's JSON.</summary>
    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Whether <paramref name="desired"/> (hash <paramref name="hash"/>) was applied last time for <paramref name="key"/> and <paramref name="actual"/> still contains it.</summary>
    public bool IsCurrent(string key, string hash, JsonNode desired, JsonNode? actual) =>
        actual is not null && _applied.TryGetValue(key, out var last) && last == hash && Contains(actual, desired);

    /// <summary>Records a successful apply.</summary>
    public void Record(string key, string hash) => _applied[key] = hash;

    /// <summary>Forgets a child (deleted, or its apply failed), so the next reconcile applies it.</summary>
    public void Forget(string key) => _applied.TryRemove(key, out _);

    /// <summary>
    /// True when every field of <paramref name="desired"/> is in <paramref name="actual"/> with the same value: objects may have
    /// more keys (defaults, status, metadata the server adds), lists must have the same length and contain element by element.
    /// </summary>
    public static bool Contains(JsonNode? actual, JsonNode? desired) => (actual, desired) switch
    {
        (_, null) => true,
        (null, _) => false,
        (JsonObject a, JsonObject d) => d.All(p => a.TryGetPropertyValue(p.Key, out var value) && Contains(value, p.Value)),
        (JsonArray a, JsonArray d) => a.Count == d.Count && d.Select((item, i) => Contains(a[i], item)).All(match => match),
        (JsonValue a, JsonValue d) => a.ToJsonString() == d.ToJsonString(),
        _ => false,
    };
}
