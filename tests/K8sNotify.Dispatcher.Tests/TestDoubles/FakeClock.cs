using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>Drives a <see cref="FakeTimeProvider"/> forward in small steps until a task completes: backoff and timeouts pass in fake time only.</summary>
public static class FakeClock
{
    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> completes or <paramref name="limit"/> of fake time passed.</summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan step, TimeSpan limit)
    {
        var until = time.GetUtcNow() + limit;
        while (!task.IsCompleted && time.GetUtcNow() < until)
        {
            // Lets continuations scheduled by the previous step register their timers before time moves on.
            await Task.WhenAny(task, Task.Delay(2, TestContext.Current.CancellationToken));
            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
