using System.Collections.Concurrent;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Tests.Providers.Pager;

/// <summary>Sends to the test-only pager type by recording the page; a gateway named "down.invalid" fails transiently.</summary>
internal sealed class PagerProvider(string name, string gateway, string apiKey, int priority) : INotificationProvider
{
    private readonly ConcurrentQueue<(string Recipient, string Text, int Priority)> _pages = new();

    public string Name => name;

    public string ApiKey => apiKey;

    public IReadOnlyList<(string Recipient, string Text, int Priority)> Pages => [.. _pages];

    public Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        if (gateway == "down.invalid")
        {
            return Task.FromResult(DeliveryResult.Transient("pager gateway unreachable"));
        }

        _pages.Enqueue((notification.Recipient, notification.Text ?? "", priority));
        return Task.FromResult(DeliveryResult.Accepted($"page-{_pages.Count}"));
    }
}
