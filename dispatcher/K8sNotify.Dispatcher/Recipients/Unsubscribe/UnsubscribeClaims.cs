namespace K8sNotify.Dispatcher.Recipients.Unsubscribe;

/// <summary>What an unsubscribe link names: whose opt-out of what, and until when the link works.</summary>
public sealed record UnsubscribeClaims(string Namespace, string Channel, string? Category, string Recipient, DateTimeOffset ExpiresAt);
