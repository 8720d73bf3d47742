using K8sNotify.Dispatcher.RateLimiting;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class GcraLimitTests
{
    [Fact]
    public void Create_TenPerSecondBurstTen_IntervalIs100msAndToleranceIs900ms()
    {
        var limit = GcraLimit.Create(10, TimeSpan.FromSeconds(1), 10);

        Assert.Equal(100_000, limit.EmissionIntervalMicros);
        Assert.Equal(900_000, limit.ToleranceMicros);
        Assert.Equal(1_000_000, limit.WindowMicros);
    }

    [Fact]
    public void Create_BurstUnset_DefaultsToRequests()
    {
        var limit = GcraLimit.Create(5, TimeSpan.FromHours(1));

        Assert.Equal(5, limit.Burst);
        Assert.Equal(720_000_000, limit.EmissionIntervalMicros);
        Assert.Equal(TimeSpan.FromHours(1).Ticks / 10, limit.WindowMicros);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Create_BurstZeroOrOne_StrictlySpacedWithNoTolerance(int burst)
    {
        var limit = GcraLimit.Create(10, TimeSpan.FromSeconds(1), burst);

        Assert.Equal(1, limit.Burst);
        Assert.Equal(0, limit.ToleranceMicros);
    }

    [Fact]
    public void Create_ThreeReplicas_EachGetsAThirdOfRateAndBurst()
    {
        var limit = GcraLimit.Create(30, TimeSpan.FromSeconds(1), 30, replicas: 3);

        Assert.Equal(100_000, limit.EmissionIntervalMicros);
        Assert.Equal(10, limit.Burst);
    }

    [Fact]
    public void Create_MoreReplicasThanBurst_StillLetsOneThrough()
    {
        Assert.Equal(1, GcraLimit.Create(5, TimeSpan.FromHours(1), replicas: 8).Burst);
    }

    [Fact]
    public void Create_RateAboveOnePerMicrosecond_CappedAtOnePerMicrosecond()
    {
        Assert.Equal(1, GcraLimit.Create(1_000_000_000, TimeSpan.FromSeconds(1)).EmissionIntervalMicros);
    }

    [Fact]
    public void Create_ZeroPeriod_ThrowsNamingThePeriod()
    {
        var e = Assert.Throws<ArgumentException>(() => GcraLimit.Create(10, TimeSpan.Zero));

        Assert.Contains("period", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ZeroRequests_Throws()
    {
        Assert.Throws<ArgumentException>(() => GcraLimit.Create(0, TimeSpan.FromSeconds(1)));
    }
}
