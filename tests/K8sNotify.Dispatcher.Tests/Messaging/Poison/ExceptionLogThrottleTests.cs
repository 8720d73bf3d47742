using K8sNotify.Dispatcher.Messaging.Poison;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Messaging.Poison;

public sealed class ExceptionLogThrottleTests
{
    [Fact]
    public void ShouldLog_SameSiteWithinInterval_LogsOnceThenCountsTheRepeats()
    {
        var time = new FakeTimeProvider();
        var throttle = new ExceptionLogThrottle(time, TimeSpan.FromMinutes(1));
        var first = Thrown(() => int.Parse("x", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(throttle.ShouldLog(first, out var before));
        Assert.Equal(0, before);
        for (var i = 0; i < 10; i++)
        {
            Assert.False(throttle.ShouldLog(Thrown(() => int.Parse("y", System.Globalization.CultureInfo.InvariantCulture)), out _));
        }

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(throttle.ShouldLog(first, out var suppressed));
        Assert.Equal(10, suppressed);
    }

    [Fact]
    public void ShouldLog_DifferentSites_AreLoggedEach()
    {
        var throttle = new ExceptionLogThrottle(new FakeTimeProvider(), TimeSpan.FromMinutes(1));

        Assert.True(throttle.ShouldLog(Thrown(() => int.Parse("x", System.Globalization.CultureInfo.InvariantCulture)), out _));
        Assert.True(throttle.ShouldLog(Thrown(() => throw new InvalidOperationException("other")), out _));
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("nothing thrown");
    }
}
