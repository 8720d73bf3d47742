namespace K8sNotify.Dispatcher.Providers;

/// <summary>How one send attempt to a provider ended.</summary>
public enum DeliveryStatus
{
    /// <summary>The provider accepted the notification.</summary>
    Accepted,

    /// <summary>Worth retrying later or on another provider (timeouts, 429, 5xx, connection errors).</summary>
    Transient,

    /// <summary>Will never succeed for this notification (invalid recipient, rejected content, 4xx): no failover.</summary>
    Permanent,

    /// <summary>
    /// The provider itself cannot send (rejected credentials, sender not allowed, region not enabled): not retried on
    /// this provider, but the chain fails over, and when no provider accepts, the message is redelivered like a transient failure.
    /// </summary>
    Misconfigured,
}
