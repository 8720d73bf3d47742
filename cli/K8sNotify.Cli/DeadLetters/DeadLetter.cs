namespace K8sNotify.Cli.DeadLetters;

/// <summary>One message of a Channel's dead-letter stream: the original payload with why and where it was dead-lettered.</summary>
internal sealed record DeadLetter(
    ulong Sequence,
    DateTimeOffset Time,
    string Reason,
    string? OriginalSubject,
    string? NotificationId,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Payload);
