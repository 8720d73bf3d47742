using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Digests;

/// <summary>
/// The release lease of a digest group (scheduler bucket key <c>digest-release.&lt;group&gt;</c>): who releases which
/// digest until when, the last item it took, and once the delivery is decided, its outcome, so a replica that takes
/// over after a crash finishes the bookkeeping without sending again.
/// </summary>
public sealed record DigestRelease
{
    [JsonPropertyName("id")]
    public required string DigestId { get; init; }

    [JsonPropertyName("holder")]
    public required string Holder { get; init; }

    [JsonPropertyName("expiresAt")]
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Stream sequence of the last item the digest carries (0 until the items are taken).</summary>
    [JsonPropertyName("lastSeq")]
    public ulong LastSeq { get; init; }

    /// <summary>Delivery attempts so far.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>The terminal state of the delivery once decided (sent, failed, dead_lettered); null while undecided.</summary>
    [JsonPropertyName("outcome")]
    public string? Outcome { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    [JsonPropertyName("providerMessageId")]
    public string? ProviderMessageId { get; init; }

    [JsonPropertyName("decidedAt")]
    public DateTimeOffset? DecidedAt { get; init; }
}
