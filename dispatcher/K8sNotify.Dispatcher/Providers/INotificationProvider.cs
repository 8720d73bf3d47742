namespace K8sNotify.Dispatcher.Providers;

/// <summary>One configured delivery backend (a Provider resource) that sends rendered notifications.</summary>
public interface INotificationProvider
{
    /// <summary>The Provider resource's name; used in metrics labels and status records.</summary>
    string Name { get; }

    /// <summary>
    /// Sends one notification once. Implementations classify every failure into a <see cref="DeliveryResult"/>
    /// (transient or permanent) rather than throwing; only cancellation propagates as an exception.
    /// </summary>
    Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken);
}
