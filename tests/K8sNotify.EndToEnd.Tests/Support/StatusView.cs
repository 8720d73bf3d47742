namespace K8sNotify.EndToEnd.Tests.Support;

/// <summary>The fields of a notification's status record (the JSON in the Channel's status bucket) that the scenarios check.</summary>
public sealed record StatusView(string Id, string State, int Attempts, DateTimeOffset? SendAt, DateTimeOffset? SentAt);
