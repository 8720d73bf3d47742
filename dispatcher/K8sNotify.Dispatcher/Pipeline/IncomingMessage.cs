namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>A message taken from a Channel's stream, without the transport: what the processor needs to decide its fate.</summary>
public sealed record IncomingMessage(
    string Subject,
    ReadOnlyMemory<byte> Data,
    string? MsgIdHeader,
    ulong NumDelivered,
    ulong StreamSequence,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, string>? Headers = null);
