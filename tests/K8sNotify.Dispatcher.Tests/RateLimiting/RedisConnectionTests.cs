using K8sNotify.Dispatcher.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

public sealed class RedisConnectionTests
{
    [Fact]
    public void BuildConfiguration_RedissUrl_TlsUserPasswordPortAndDatabase()
    {
        var config = RedisConnection.BuildConfiguration(new RedisOptions { Configuration = "rediss://limiter:p%40ss@redis.example:6380/2" });

        Assert.True(config.Ssl);
        Assert.Equal("limiter", config.User);
        Assert.Equal("p@ss", config.Password);
        Assert.Equal(2, config.DefaultDatabase);
        var endpoint = Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(config.EndPoints));
        Assert.Equal(("redis.example", 6380), (endpoint.Host, endpoint.Port));
    }

    [Fact]
    public void BuildConfiguration_AnyRedis_FailsFastWithShortTimeoutsAndNeverAbortsStartup()
    {
        var config = RedisConnection.BuildConfiguration(new RedisOptions { Configuration = "redis://localhost", CommandTimeout = TimeSpan.FromMilliseconds(250) });

        Assert.False(config.AbortOnConnectFail);
        Assert.Equal(250, config.AsyncTimeout);
        Assert.Same(StackExchange.Redis.BacklogPolicy.FailFast, config.BacklogPolicy);
        Assert.Equal(6379, Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(config.EndPoints)).Port);
    }

    [Fact]
    public void BuildConfiguration_SentinelServiceAndTls_AppliedToConfigurationString()
    {
        var config = RedisConnection.BuildConfiguration(new RedisOptions
        {
            Configuration = "sentinel-0:26379,sentinel-1:26379",
            SentinelService = "mymaster",
            Tls = true,
            TlsHost = "redis.internal",
        });

        Assert.Equal("mymaster", config.ServiceName);
        Assert.Equal(2, config.EndPoints.Count);
        Assert.True(config.Ssl);
        Assert.Equal("redis.internal", config.SslHost);
    }

    [Fact]
    public void BuildConfiguration_PasswordFile_WinsOverUrlAndOption()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-file\n");

            var config = RedisConnection.BuildConfiguration(new RedisOptions
            {
                Configuration = "redis://:from-url@localhost",
                Password = "from-option",
                PasswordFile = file,
            });

            Assert.Equal("from-file", config.Password);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Options_UnreadablePasswordFile_FailValidationNamingTheFile()
    {
        var provider = Services(new() { ["K8SNOTIFY_REDIS"] = "redis://localhost", ["K8SNOTIFY_REDIS_PASSWORD_FILE"] = "/nonexistent/redis-password" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.Contains("/nonexistent/redis-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BadUrlWithPassword_FailValidationWithoutThePassword()
    {
        var provider = Services(new() { ["K8SNOTIFY_REDIS"] = "redis://:hunter2@localhost/not-a-db" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.Contains("database number", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EnvironmentVariables_FillRedisAndReplicas()
    {
        var provider = Services(new()
        {
            ["K8SNOTIFY_REDIS"] = "redis://localhost:7000",
            ["K8SNOTIFY_REDIS_PASSWORD"] = "secret",
            ["K8SNOTIFY_REDIS_SENTINEL_SERVICE"] = "mymaster",
            ["K8SNOTIFY_REDIS_TLS"] = "true",
            ["K8SNOTIFY_REPLICAS"] = "4",
            ["K8SNOTIFY_REPLICAS_FILE"] = "/etc/k8snotify/config/replicas",
        });

        var redis = provider.GetRequiredService<IOptions<RedisOptions>>().Value;
        Assert.Equal(("redis://localhost:7000", "secret", "mymaster", true), (redis.Configuration, redis.Password, redis.SentinelService, redis.Tls));
        Assert.Equal(4, provider.GetRequiredService<IOptions<RateLimiterOptions>>().Value.EffectiveReplicas);
        Assert.Equal("/etc/k8snotify/config/replicas", provider.GetRequiredService<IOptions<RateLimiterOptions>>().Value.ReplicasFile);
    }

    [Fact]
    public void Options_SectionWinsOverEnvironment()
    {
        var provider = Services(new() { ["RateLimiting:Redis:Configuration"] = "redis://from-section:6379", ["K8SNOTIFY_REDIS"] = "redis://from-env:6379" });

        Assert.Equal("redis://from-section:6379", provider.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration);
    }

    [Fact]
    public void Options_HostStrippedPrefix_RedisFlagAndReplicasRead()
    {
        // DispatcherHost adds K8SNOTIFY_* without the prefix and maps --redis to REDIS.
        var provider = Services(new() { ["REDIS"] = "redis://from-flag:6379", ["REDIS_TLS"] = "true", ["REPLICAS"] = "2" });

        var redis = provider.GetRequiredService<IOptions<RedisOptions>>().Value;
        Assert.Equal(("redis://from-flag:6379", true), (redis.Configuration, redis.Tls));
        Assert.Equal(2, provider.GetRequiredService<IOptions<RateLimiterOptions>>().Value.EffectiveReplicas);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddGcraRateLimiting(configuration).BuildServiceProvider();
    }
}
