using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>
/// A provider at the seam that answers from a script (one result per call, the last repeating), counts calls and
/// records when each happened on <see cref="Time"/>; a null entry hangs until cancelled.
/// </summary>
public sealed class ScriptedProvider(string name, params DeliveryResult?[] script) : INotificationProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> _callTimes = new();
    private int _calls;

    public string Name { get; } = name;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<DateTimeOffset> CallTimes => [.. _callTimes];

    /// <summary>When a hanging call was cancelled (by a timeout or the caller), on <see cref="Time"/>.</summary>
    public DateTimeOffset? CancelledAt { get; private set; }

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        _callTimes.Enqueue(Time.GetUtcNow());
        var call = Interlocked.Increment(ref _calls) - 1;
        var result = script.Length == 0 ? DeliveryResult.Accepted() : script[Math.Min(call, script.Length - 1)];
        if (result is null)
        {
            using var registration = cancellationToken.Register(() => CancelledAt = Time.GetUtcNow());
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return result!;
    }
}
