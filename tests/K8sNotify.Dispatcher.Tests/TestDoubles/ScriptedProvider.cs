using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>A provider at the seam that answers from a script (one result per call, the last repeating) and counts calls; null means hang until cancelled.</summary>
public sealed class ScriptedProvider(string name, params DeliveryResult?[] script) : INotificationProvider
{
    private int _calls;

    public string Name { get; } = name;

    public int Calls => Volatile.Read(ref _calls);

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        var result = script.Length == 0 ? DeliveryResult.Accepted() : script[Math.Min(call, script.Length - 1)];
        if (result is null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return result!;
    }
}
