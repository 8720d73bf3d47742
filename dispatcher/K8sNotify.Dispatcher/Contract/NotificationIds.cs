using System.Text.RegularExpressions;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>
/// The id alphabet: 1 to <see cref="MaxLength"/> characters of <c>A-Z a-z 0-9 - _</c>. An id travels as a NATS header
/// (Nats-Msg-Id), inside KV keys, in outbox file names, provider headers and the status URL; this alphabet means the
/// same in all of them, needs no escaping anywhere, and keeps the <c>:</c> free for the recipient suffix of bulk ids
/// (<c>order-42:0</c>) and the <c>.</c> and <c>/</c> free of their KV and URL meanings.
/// </summary>
public static partial class NotificationIds
{
    public const int MaxLength = 200;

    /// <summary>How the alphabet is described to a client whose id does not fit it.</summary>
    public const string Rule = "1 to 200 characters of A-Z, a-z, 0-9, '-' and '_'";

    /// <summary>True when the message id fits the alphabet.</summary>
    public static bool IsValid(string? id) => id is not null && MessageId().IsMatch(id);

    /// <summary>True for a message id or a bulk notification id (<c>id:index</c>), as the status routes accept them.</summary>
    public static bool IsValidNotificationId(string? id) => id is not null && NotificationId().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageId();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,200}(:[0-9]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NotificationId();
}
