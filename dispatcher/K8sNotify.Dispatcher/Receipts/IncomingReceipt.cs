using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>A delivery receipt as a provider's callback reported it, before it is matched to a notification.</summary>
/// <param name="Source">Who sent it, for metrics and logs (<c>twilio</c>, <c>generic</c>).</param>
/// <param name="NotificationId">The notification it names, or null to find it by <paramref name="ProviderMessageId"/>.</param>
/// <param name="State"><see cref="NotificationState.Delivered"/> or <see cref="NotificationState.Undelivered"/>.</param>
/// <param name="Reason">Why it was not delivered (already cleaned), or null.</param>
/// <param name="ProviderMessageId">The provider's message id, or null.</param>
/// <param name="HardBounce">True when the address is dead, which puts the recipient on the Channel's suppression list.</param>
public sealed record IncomingReceipt(string Source, string? NotificationId, NotificationState State, string? Reason, string? ProviderMessageId, bool HardBounce)
{
    public const int MaxFieldLength = 512;

    /// <summary>A receipt field as it may enter a status record and a log: no control characters, at most <see cref="MaxFieldLength"/> characters.</summary>
    public static string Clean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cleaned = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return cleaned.Length <= MaxFieldLength ? cleaned : cleaned[..MaxFieldLength];
    }
}
