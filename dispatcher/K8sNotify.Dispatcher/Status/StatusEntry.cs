namespace K8sNotify.Dispatcher.Status;

/// <summary>A status record with its KV revision, the token for the next compare-and-set write.</summary>
public sealed record StatusEntry(StatusRecord Record, ulong Revision);
