using K8sNotify.Dispatcher.Messaging.Poison;

namespace K8sNotify.Dispatcher.Tests.Messaging.Poison;

public sealed class FailureCounterTests
{
    [Fact]
    public void Increment_SameMessage_CountsUpUntilForgotten()
    {
        var counter = new FailureCounter(100);

        Assert.Equal([1, 2, 3], [counter.Increment("ns/a", 7), counter.Increment("ns/a", 7), counter.Increment("ns/a", 7)]);
        Assert.Equal(1, counter.Increment("ns/b", 7));
        counter.Forget("ns/a", 7);
        Assert.Equal(1, counter.Increment("ns/a", 7));
    }

    [Fact]
    public void Increment_MoreMessagesThanCapacity_StaysBounded()
    {
        var counter = new FailureCounter(100);

        for (ulong i = 0; i < 10_000; i++)
        {
            counter.Increment("ns/a", i);
        }

        Assert.True(counter.Tracked <= 100, $"{counter.Tracked} tracked");
    }
}
