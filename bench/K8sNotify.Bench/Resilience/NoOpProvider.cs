using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Bench.Resilience;

/// <summary>A provider that does nothing and returns one completed result, so a benchmark measures only what wraps it.</summary>
internal sealed class NoOpProvider(string name, DeliveryResult result) : INotificationProvider
{
    private readonly Task<DeliveryResult> _result = Task.FromResult(result);

    public string Name { get; } = name;

    public Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken) => _result;
}
