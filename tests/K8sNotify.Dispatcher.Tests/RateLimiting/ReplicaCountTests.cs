using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class ReplicaCountTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("k8snotify-replicas-");
    private readonly FakeTimeProvider _time = new();

    private string File => Path.Combine(_dir.FullName, "replicas");

    [Fact]
    public void Current_NoFileConfigured_TheFixedReplicas()
    {
        var count = Create(new RateLimiterOptions { Replicas = 3 });

        Assert.Equal(3, count.Current);
    }

    [Fact]
    public void Current_FileNotWrittenYet_FallsBackToReplicas()
    {
        var count = Create(new RateLimiterOptions { Replicas = 2, ReplicasFile = File });

        Assert.Equal(2, count.Current);
    }

    [Fact]
    public void Current_FileChanges_ReadAgainAfterTheRefreshInterval()
    {
        System.IO.File.WriteAllText(File, "3\n");
        var count = Create(new RateLimiterOptions { Replicas = 1, ReplicasFile = File });
        Assert.Equal(3, count.Current);

        System.IO.File.WriteAllText(File, "5");
        Assert.Equal(3, count.Current);
        _time.Advance(ReplicaCount.RefreshInterval);

        Assert.Equal(5, count.Current);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    [InlineData("")]
    public void Current_InvalidFile_KeepsTheLastGoodValue(string content)
    {
        System.IO.File.WriteAllText(File, "4");
        var count = Create(new RateLimiterOptions { ReplicasFile = File });
        Assert.Equal(4, count.Current);

        System.IO.File.WriteAllText(File, content);
        _time.Advance(ReplicaCount.RefreshInterval);

        Assert.Equal(4, count.Current);
    }

    [Fact]
    public async Task Gate_ReplicaCountChanges_InMemoryLimitDividedByTheNewCount()
    {
        System.IO.File.WriteAllText(File, "4");
        var options = Options.Create(new RateLimiterOptions { ReplicasFile = File });
        var replicas = new ReplicaCount(options, _time, NullLogger<ReplicaCount>.Instance);
        var metrics = new RateLimitMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var gate = new GcraRateLimitGate(new InMemoryGcraStore(_time), null, null, metrics, options, replicas);
        // One spec object for both Channels: a limit parsed for 4 replicas must not be reused for 1.
        var limit = new ScopedRateLimit { Requests = 8, Period = "1h", Burst = 8 };

        var withFour = await AllowedAsync(gate, LimiterHarness.Channel("four", perChannel: limit));
        System.IO.File.WriteAllText(File, "1");
        _time.Advance(ReplicaCount.RefreshInterval);
        var withOne = await AllowedAsync(gate, LimiterHarness.Channel("one", perChannel: limit));

        Assert.Equal((2, 8), (withFour, withOne));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<int> AllowedAsync(GcraRateLimitGate gate, Channel channel)
    {
        var allowed = 0;
        for (var i = 0; i < 20; i++)
        {
            if ((await gate.CheckMessageAsync(channel, $"user{i}@example.com", TestContext.Current.CancellationToken)).Decision == RateLimitDecision.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }

    private ReplicaCount Create(RateLimiterOptions options) => new(Options.Create(options), _time, NullLogger<ReplicaCount>.Instance);
}
