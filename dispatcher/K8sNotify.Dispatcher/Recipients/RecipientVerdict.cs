namespace K8sNotify.Dispatcher.Recipients;

/// <summary>What the recipient's controls say about one notification: send it (with a locale), suppress it, or wait.</summary>
public sealed record RecipientVerdict
{
    public static readonly RecipientVerdict Send = new() { Action = RecipientAction.Send };

    public required RecipientAction Action { get; init; }

    /// <summary>For <see cref="RecipientAction.Suppress"/>: one of <see cref="SuppressionReasons"/>.</summary>
    public string? Suppression { get; init; }

    /// <summary>Human-readable reason for the status record (never the address itself).</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="RecipientAction.Send"/>: the recipient's preferred locale, used when the message names none.</summary>
    public string? Locale { get; init; }

    /// <summary>For <see cref="RecipientAction.Wait"/>: when the recipient's quiet hours end.</summary>
    public DateTimeOffset? WaitUntil { get; init; }

    public static RecipientVerdict Suppress(string suppression, string reason) => new() { Action = RecipientAction.Suppress, Suppression = suppression, Reason = reason };
}
