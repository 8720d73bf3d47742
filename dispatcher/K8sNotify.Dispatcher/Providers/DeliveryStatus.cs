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
}
