using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Registers the GCRA rate limit gate (Redis when configured, in memory otherwise) in place of any other gate.</summary>
public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RedisOptions"/> (section <c>Redis</c>, or <c>K8SNOTIFY_REDIS</c>, <c>K8SNOTIFY_REDIS_PASSWORD</c>,
    /// <c>K8SNOTIFY_REDIS_PASSWORD_FILE</c>, <c>K8SNOTIFY_REDIS_SENTINEL_SERVICE</c>, <c>K8SNOTIFY_REDIS_TLS</c>) and
    /// <see cref="RateLimiterOptions"/> (section <c>RateLimiting</c>, or <c>K8SNOTIFY_REPLICAS</c>), validated at start,
    /// and replaces any registered <see cref="IRateLimitGate"/>. Call it after the pipeline's own registrations.
    /// </summary>
    public static IServiceCollection AddGcraRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .Configure(o => ApplyEnvironment(o, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.AddOptions<RateLimiterOptions>()
            .Bind(configuration.GetSection(RateLimiterOptions.SectionName))
            .Configure(o => o.Replicas ??= ReadInt(configuration[RateLimiterOptions.ReplicasVariable]) ?? o.Replicas)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RateLimitMetrics(sp.GetService<IMetricFactory>() ?? Metrics.DefaultFactory));
        services.TryAddSingleton<InMemoryGcraStore>();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<RedisGcraStore>();
        services.TryAddSingleton<RedisLimiterHealth>();
        services.RemoveAll<IRateLimitGate>();
        services.AddSingleton<IRateLimitGate>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<RedisOptions>>().Value.IsConfigured;
            return new GcraRateLimitGate(
                sp.GetRequiredService<InMemoryGcraStore>(),
                redis ? sp.GetRequiredService<RedisGcraStore>() : null,
                redis ? sp.GetRequiredService<RedisLimiterHealth>() : null,
                sp.GetRequiredService<RateLimitMetrics>(),
                sp.GetRequiredService<IOptions<RateLimiterOptions>>());
        });
        services.AddHostedService<RateLimiterStartup>();
        return services;
    }

    /// <summary>Environment variables fill what the section left empty (a flag or the section wins).</summary>
    private static void ApplyEnvironment(RedisOptions options, IConfiguration configuration)
    {
        options.Configuration = Coalesce(options.Configuration, configuration[RedisOptions.ConfigurationVariable]);
        options.Password = Coalesce(options.Password, configuration[RedisOptions.PasswordVariable]);
        options.PasswordFile = Coalesce(options.PasswordFile, configuration[RedisOptions.PasswordFileVariable]);
        options.SentinelService = Coalesce(options.SentinelService, configuration[RedisOptions.SentinelServiceVariable]);
        if (bool.TryParse(configuration[RedisOptions.TlsVariable], out var tls) && tls)
        {
            options.Tls = true;
        }
    }

    private static string? Coalesce(string? value, string? fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static int? ReadInt(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
