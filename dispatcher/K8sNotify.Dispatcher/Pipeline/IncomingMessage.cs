namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>A message taken from a Channel's stream, without the transport: what the processor needs to decide its fate.</summary>
/// <param name="Subject">The subject the app published it to.</param>
/// <param name="Data">The payload.</param>
/// <param name="MsgIdHeader">The app's Nats-Msg-Id (restored from the park headers for a released message).</param>
/// <param name="NumDelivered">Deliveries of this stream message by the work consumer.</param>
/// <param name="StreamSequence">Its sequence in the Channel's stream.</param>
/// <param name="PublishedAt">When the app published it (before any park and release).</param>
/// <param name="Headers">Its NATS headers (CloudEvents binary mode reads its ce-* attributes from them).</param>
public sealed record IncomingMessage(
    string Subject,
    ReadOnlyMemory<byte> Data,
    string? MsgIdHeader,
    ulong NumDelivered,
    ulong StreamSequence,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Whether the scheduler released it from the park store (its notifications have status records).</summary>
    public bool Released { get; init; }
}
