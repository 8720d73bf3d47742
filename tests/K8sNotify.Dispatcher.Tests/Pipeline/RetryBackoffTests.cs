using K8sNotify.Dispatcher.Pipeline;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 2500, 5000)]
    [InlineData(2, 5000, 10000)]
    [InlineData(3, 10000, 20000)]
    [InlineData(10, 150000, 300000)]
    [InlineData(1000, 150000, 300000)]
    public void Compute_IsJitteredExponentialAndCapped(int attempt, double minMs, double maxMs)
    {
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var delay = RetryBackoff.Compute(attempt, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), random);
            Assert.InRange(delay.TotalMilliseconds, minMs, maxMs);
        }
    }

    [Fact]
    public void Compute_IsJittered()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(0, 20).Select(_ => RetryBackoff.Compute(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), random)).Distinct().Count();

        Assert.True(delays > 10);
    }
}
