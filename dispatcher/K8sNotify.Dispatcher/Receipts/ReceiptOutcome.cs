namespace K8sNotify.Dispatcher.Receipts;

/// <summary>What applying a delivery receipt to a status record did.</summary>
public enum ReceiptOutcome
{
    /// <summary>The record moved from sent to delivered or undelivered.</summary>
    Applied,

    /// <summary>The record already had its receipt (a repeat is harmless and changes nothing).</summary>
    Duplicate,

    /// <summary>No status record with that id (for example a late receipt after the record expired).</summary>
    Unknown,

    /// <summary>The receipt names another provider message than the one recorded for the notification.</summary>
    Mismatch,

    /// <summary>The notification is not in state sent (not sent yet, or it ended otherwise).</summary>
    NotSent,
}
