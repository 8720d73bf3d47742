namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>What happened to a notification, as the state machine's input.</summary>
public enum NotificationEventKind
{
    /// <summary>Its message was delivered to this dispatcher (first time, redelivery, or release from the park store).</summary>
    Arrived,

    /// <summary>The recipient's controls answered (opt-outs, suppression list, quiet hours).</summary>
    RecipientChecked,

    /// <summary>It was stored in a digest of the Channel.</summary>
    Combined,

    /// <summary>The rate limiter answered.</summary>
    RateChecked,

    /// <summary>The template rendered.</summary>
    Rendered,

    /// <summary>The template did not render for this message.</summary>
    RenderFailed,

    /// <summary>The provider chain answered.</summary>
    Delivered,
}
