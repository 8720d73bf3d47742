using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>Drives a <see cref="FakeTimeProvider"/> forward in small steps until a task completes: backoff and timeouts pass in fake time only.</summary>
public static class FakeClock
{
    private static readonly TimeSpan RealDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> completes, at most
    /// <paramref name="limit"/> of fake time, and only while <paramref name="advanceWhile"/> holds (so a test can stop the
    /// clock once the event it measures happened, while real I/O finishes).
    /// </summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan step, TimeSpan limit, Func<bool>? advanceWhile = null)
    {
        var until = time.GetUtcNow() + limit;
        var deadline = DateTime.UtcNow + RealDeadline;
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            // Lets continuations scheduled by the previous step register their timers before time moves on.
            await Task.WhenAny(task, Task.Delay(2, TestContext.Current.CancellationToken));
            if (!task.IsCompleted && time.GetUtcNow() < until && (advanceWhile?.Invoke() ?? true))
            {
                time.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
