namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>
/// One request as the loopback webhook receiver saw it: path, Idempotency-Key, the notification id in the body, what it
/// answered (499: the client gave up first), whether the key had been processed before, when it ended and how long it was held.
/// </summary>
public sealed record ReceivedWebhook(string Path, string? IdempotencyKey, string? NotificationId, int Status, bool Duplicate, DateTimeOffset At, TimeSpan Held);
