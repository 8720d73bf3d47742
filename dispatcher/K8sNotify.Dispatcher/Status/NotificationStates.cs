namespace K8sNotify.Dispatcher.Status;

/// <summary>Helpers over <see cref="NotificationState"/>.</summary>
public static class NotificationStates
{
    public static bool IsTerminal(this NotificationState state) =>
        state is NotificationState.Sent or NotificationState.Failed or NotificationState.DeadLettered
            or NotificationState.RateLimited or NotificationState.Cancelled or NotificationState.Suppressed
            or NotificationState.Delivered or NotificationState.Undelivered;

    /// <summary>The wire name (as in the status record and event).</summary>
    public static string WireName(this NotificationState state) => state switch
    {
        NotificationState.Accepted => "accepted",
        NotificationState.Scheduled => "scheduled",
        NotificationState.Waiting => "waiting",
        NotificationState.Sending => "sending",
        NotificationState.Digesting => "digesting",
        NotificationState.Retrying => "retrying",
        NotificationState.Sent => "sent",
        NotificationState.Failed => "failed",
        NotificationState.DeadLettered => "dead_lettered",
        NotificationState.RateLimited => "rate_limited",
        NotificationState.Suppressed => "suppressed",
        NotificationState.Delivered => "delivered",
        NotificationState.Undelivered => "undelivered",
        _ => "cancelled",
    };
}
