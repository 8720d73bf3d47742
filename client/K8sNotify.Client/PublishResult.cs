namespace K8sNotify.Client;

/// <summary>What JetStream answered to a publish: where the message is stored and the ids its notifications have.</summary>
/// <param name="MessageId">The message id, sent as <c>Nats-Msg-Id</c> (the notification's own id or the one assigned).</param>
/// <param name="NotificationIds">The notification ids to look up the status of: the message id, or <c>id:index</c> per recipient of a list.</param>
/// <param name="Stream">The JetStream stream that stored it.</param>
/// <param name="Sequence">Its sequence in the stream (for a duplicate, the sequence of the first publish).</param>
/// <param name="IsDuplicate">True when the stream already had a message with this id in its duplicate window and dropped this one.</param>
public sealed record PublishResult(string MessageId, IReadOnlyList<string> NotificationIds, string Stream, ulong Sequence, bool IsDuplicate);
