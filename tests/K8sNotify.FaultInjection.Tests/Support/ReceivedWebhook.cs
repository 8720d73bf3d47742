namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>One request as the loopback webhook receiver saw it: path, Idempotency-Key, the notification id in the body, and what it answered.</summary>
public sealed record ReceivedWebhook(string Path, string? IdempotencyKey, string? NotificationId, int Status, bool Duplicate, DateTimeOffset At);
