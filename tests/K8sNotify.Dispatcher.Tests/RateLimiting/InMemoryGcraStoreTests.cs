using K8sNotify.Dispatcher.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class InMemoryGcraStoreTests
{
    private static readonly GcraLimit TenPerSecond = GcraLimit.Create(10, TimeSpan.FromSeconds(1), 10);

    [Fact]
    public void Acquire_BurstThenSteadyRate_ExactAtTheBoundary()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new InMemoryGcraStore(time);
        GcraRequest[] request = [new("k", TenPerSecond)];

        for (var i = 0; i < 10; i++)
        {
            Assert.True(store.Acquire(request).Allowed, $"request {i + 1} of the burst");
        }

        var eleventh = store.Acquire(request);
        Assert.False(eleventh.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(100), eleventh.RetryAfter(0));

        time.Advance(TimeSpan.FromMilliseconds(100) - TimeSpan.FromMicroseconds(1));
        var early = store.Acquire(request);
        Assert.False(early.Allowed);
        Assert.Equal(TimeSpan.FromMicroseconds(1), early.RetryAfter(0));

        for (var round = 0; round < 3; round++)
        {
            time.Advance(round == 0 ? TimeSpan.FromMicroseconds(1) : TimeSpan.FromMilliseconds(100));
            Assert.True(store.Acquire(request).Allowed, $"steady request {round + 1}");
            var next = store.Acquire(request);
            Assert.False(next.Allowed);
            Assert.Equal(TimeSpan.FromMilliseconds(100), next.RetryAfter(0));
        }
    }

    [Fact]
    public void Acquire_IdleForAWholeWindow_FullBurstAgain()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryGcraStore(time);
        GcraRequest[] request = [new("k", TenPerSecond)];
        for (var i = 0; i < 10; i++)
        {
            store.Acquire(request);
        }

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, Enumerable.Range(0, 11).Count(_ => store.Acquire(request).Allowed));
    }

    [Fact]
    public void Acquire_OneScopeDenies_NothingIsConsumedAnywhere()
    {
        var store = new InMemoryGcraStore(new FakeTimeProvider());
        var one = GcraLimit.Create(1, TimeSpan.FromMinutes(1));
        var five = GcraLimit.Create(5, TimeSpan.FromMinutes(1));
        GcraRequest[] both = [new("recipient", one), new("channel", five)];

        Assert.True(store.Acquire(both).Allowed);
        var denied = store.Acquire(both);

        Assert.False(denied.Allowed);
        Assert.True(denied.Denied(0));
        Assert.False(denied.Denied(1));
        Assert.Equal(TimeSpan.FromMinutes(1), denied.RetryAfter(0));
        GcraRequest[] channelOnly = [new("channel", five)];
        Assert.Equal(4, Enumerable.Range(0, 6).Count(_ => store.Acquire(channelOnly).Allowed));
    }

    [Fact]
    public void Acquire_ManyIdleKeys_AreForgotten()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryGcraStore(time);
        for (var i = 0; i < 3000; i++)
        {
            store.Acquire([new($"recipient-{i}", TenPerSecond)]);
        }

        time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 3000; i++)
        {
            store.Acquire([new("busy", GcraLimit.Create(1_000_000, TimeSpan.FromSeconds(1)))]);
        }

        Assert.True(store.Count < 100, $"{store.Count} keys still held");
    }
}
