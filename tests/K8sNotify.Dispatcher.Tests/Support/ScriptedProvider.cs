using System.Collections.Concurrent;
using K8sNotify.Api.Providers.Outbox;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Tests.Support;

/// <summary>
/// A provider whose results follow a script (per notification: the n-th call gets the n-th result, then Accepted),
/// recording every call. Registered as the outbox factory, so test manifests stay valid.
/// </summary>
internal sealed class ScriptedProvider : INotificationProvider, IProviderFactory
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentQueue<RenderedNotification> _accepted = new();

    public Func<RenderedNotification, int, DeliveryResult?> Script { get; init; } = (_, _) => null;

    /// <summary>Awaited inside each send (lets a test hold a send in flight).</summary>
    public Func<RenderedNotification, CancellationToken, Task>? During { get; init; }

    public string Name => "scripted";

    public ProviderType Type => OutboxProviderKind.Instance.Type;

    public IReadOnlyList<RenderedNotification> Accepted => [.. _accepted];

    public int TotalCalls => _calls.Values.Sum();

    public int CallsFor(string notificationId) => _calls.TryGetValue(notificationId, out var n) ? n : 0;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets) => this;

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var call = _calls.AddOrUpdate(notification.NotificationId, 1, (_, n) => n + 1);
        if (During is not null)
        {
            await During(notification, cancellationToken).ConfigureAwait(false);
        }

        var result = Script(notification, call) ?? DeliveryResult.Accepted("scripted-" + call);
        if (result.IsAccepted)
        {
            _accepted.Enqueue(notification);
        }

        return result;
    }
}
