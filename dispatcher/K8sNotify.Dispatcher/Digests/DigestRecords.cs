using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Digests;

/// <summary>The digest a group is currently collecting into (scheduler bucket key <c>digest-open.&lt;group&gt;</c>).</summary>
public sealed record OpenDigest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("openedAt")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("releaseAt")] DateTimeOffset ReleaseAt);
