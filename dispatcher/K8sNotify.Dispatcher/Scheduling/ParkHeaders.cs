namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>Headers a parked message carries, so its release restores what the pipeline needs from the original delivery.</summary>
public static class ParkHeaders
{
    /// <summary>When the message is due (Unix milliseconds).</summary>
    public const string Due = "K8sNotify-Due";

    /// <summary>When the app first published it (round-trip date), kept across parks so latency and status stay true.</summary>
    public const string PublishedAt = "K8sNotify-Published-At";

    /// <summary>The subject the app published it to; the release publishes it there again.</summary>
    public const string OriginalSubject = "K8sNotify-Original-Subject";

    /// <summary>The app's own Nats-Msg-Id (the id of a message whose body has none).</summary>
    public const string OriginalMsgId = "K8sNotify-Original-Msg-Id";

    /// <summary>Why it waits: schedule, rate_limit or retry.</summary>
    public const string Reason = "K8sNotify-Park-Reason";

    /// <summary>Delivery attempts so far (the status record is the authority; this is for inspection).</summary>
    public const string Attempts = "K8sNotify-Attempts";

    /// <summary>Set on a released message: the due time (Unix milliseconds) it was released for.</summary>
    public const string Released = "K8sNotify-Released";
}
