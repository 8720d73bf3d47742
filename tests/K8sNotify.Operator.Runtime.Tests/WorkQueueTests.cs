using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Operator.Runtime.Tests;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");
    private readonly FakeTimeProvider _time = new();

    private WorkQueue<ObjectKey> NewQueue(Action<int>? depth = null) =>
        new(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), depth);

    [Fact]
    public async Task Add_SameKeyTwice_IsHandedOutOnce()
    {
        using var queue = NewQueue();
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);

        Assert.Equal(2, queue.Count);
        Assert.Equal(A, (await queue.TryGetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal(B, (await queue.TryGetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileKeyIsProcessing_IsQueuedAgainOnlyAfterDone()
    {
        using var queue = NewQueue();
        queue.Add(A);
        var (_, key) = await queue.TryGetAsync(TestContext.Current.CancellationToken);

        queue.Add(A);
        queue.Add(A);
        Assert.Equal(0, queue.Count);

        var second = queue.TryGetAsync(TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        queue.Done(key);
        var (found, again) = await second.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(found);
        Assert.Equal(A, again);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task TryGetAsync_ManyWorkers_NeverHandOutTheSameKeyConcurrently()
    {
        using var queue = NewQueue();
        var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, int>();
        var overlaps = 0;
        var processed = 0;
        var cancellation = TestContext.Current.CancellationToken;

        async Task WorkerAsync()
        {
            while (true)
            {
                var (found, key) = await queue.TryGetAsync(cancellation);
                if (!found)
                {
                    return;
                }

                if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(WorkerAsync, cancellation)).ToList();
        for (var i = 0; i < 2000; i++)
        {
            queue.Add(i % 2 == 0 ? A : B);
        }

        await K8sNotify.TestSupport.Poll.UntilAsync(() => queue.Count == 0 && inFlight.Values.All(n => n == 0), "queue drained", cancellationToken: cancellation);
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10), cancellation);

        Assert.Equal(0, overlaps);
        Assert.InRange(processed, 2, 2000);
    }

    [Fact]
    public async Task AddRateLimited_RepeatedFailures_BackOffExponentiallyUpToTheCap()
    {
        using var queue = NewQueue();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            delays.Add(queue.AddRateLimited(A));
            _time.Advance(delays[^1]);
            var (_, key) = await queue.TryGetAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            queue.Done(key);
        }

        Assert.Equal(new[] { 1, 2, 4, 8, 10, 10 }.Select(s => TimeSpan.FromSeconds(s)), delays);
        Assert.Equal(6, queue.Failures(A));

        queue.Forget(A);
        Assert.Equal(TimeSpan.FromSeconds(1), queue.AddRateLimited(A));
    }

    [Fact]
    public void AddRateLimited_BackoffIsPerKey()
    {
        using var queue = NewQueue();
        queue.AddRateLimited(A);
        queue.AddRateLimited(A);
        queue.AddRateLimited(A);

        Assert.Equal(TimeSpan.FromSeconds(1), queue.AddRateLimited(B));
    }

    [Fact]
    public void AddAfter_BeforeTheDelay_KeyIsNotAvailable()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, queue.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_TwiceForTheSameKey_EarlierDeadlineWinsAndKeyArrivesOnce()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(5));
        queue.AddAfter(A, TimeSpan.FromSeconds(2));
        queue.AddAfter(A, TimeSpan.FromSeconds(8));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task ShutDown_WaitingWorkers_ReturnNotFoundAndLaterAddsAreIgnored()
    {
        using var queue = NewQueue();
        var waiting = queue.TryGetAsync(TestContext.Current.CancellationToken);
        queue.AddAfter(B, TimeSpan.FromSeconds(1));

        queue.ShutDown();

        var (found, _) = await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(found);
        queue.Add(A);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Count);
        Assert.False((await queue.TryGetAsync(TestContext.Current.CancellationToken)).Found);
    }

    [Fact]
    public void Add_ReportsDepth()
    {
        var depths = new List<int>();
        using var queue = NewQueue(depths.Add);
        queue.Add(A);
        queue.Add(B);

        Assert.Equal([1, 2], depths);
    }

    [Fact]
    public async Task Add_ConcurrentProducersAndWorkers_LastReportedDepthMatchesTheDrainedQueue()
    {
        var lastDepth = -1;
        // The spin widens the window between computing a depth and publishing it, where reports used to reorder.
        using var queue = NewQueue(depth =>
        {
            Thread.SpinWait(Random.Shared.Next(0, 20_000));
            Volatile.Write(ref lastDepth, depth);
        });
        var cancellation = TestContext.Current.CancellationToken;
        var keys = Enumerable.Range(0, 16).Select(i => new ObjectKey("ns", $"k{i}")).ToArray();

        async Task WorkerAsync()
        {
            while (true)
            {
                var (found, key) = await queue.TryGetAsync(cancellation);
                if (!found)
                {
                    return;
                }

                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkerAsync, cancellation)).ToList();
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(
            () =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    queue.Add(keys[(i + p) % keys.Length]);
                }
            },
            cancellation)).ToList();
        await Task.WhenAll(producers);

        // A worker may still re-queue a key it holds, so wait for quiescence; a stale gauge never returns to zero.
        await K8sNotify.TestSupport.Poll.UntilAsync(
            () => queue.Count == 0 && Volatile.Read(ref lastDepth) == 0, "queue drained and depth reported as 0", cancellationToken: cancellation);
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10), cancellation);
    }
}
