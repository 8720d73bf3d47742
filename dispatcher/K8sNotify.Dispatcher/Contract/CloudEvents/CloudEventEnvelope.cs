namespace K8sNotify.Dispatcher.Contract.CloudEvents;

/// <summary>
/// What <see cref="CloudEventUnwrapper"/> made of a NATS message: the notification message bytes and the id to use
/// when they carry none (the Nats-Msg-Id, or the CloudEvent's id), or why the CloudEvent is invalid.
/// </summary>
/// <param name="Data">The notification message (the CloudEvent's data, or the whole body of a plain message).</param>
/// <param name="FallbackId">The id MessageDecoder uses when the message has no id of its own.</param>
/// <param name="Error">Why the message is an invalid CloudEvent; null when it is usable.</param>
/// <param name="IsCloudEvent">Whether the message was a CloudEvent (structured or binary mode).</param>
public sealed record CloudEventEnvelope(ReadOnlyMemory<byte> Data, string? FallbackId, string? Error, bool IsCloudEvent);
