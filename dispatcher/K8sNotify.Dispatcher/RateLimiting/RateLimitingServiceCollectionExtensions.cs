using K8sNotify.Dispatcher.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Registers the GCRA rate limit gate (Redis when configured, in memory otherwise) in place of any other gate.</summary>
public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RedisOptions"/> (section <c>RateLimiting:Redis</c>, else <c>--redis</c> / <c>K8SNOTIFY_REDIS</c>,
    /// <c>K8SNOTIFY_REDIS_PASSWORD</c>, <c>K8SNOTIFY_REDIS_PASSWORD_FILE</c>, <c>K8SNOTIFY_REDIS_SENTINEL_SERVICE</c>,
    /// <c>K8SNOTIFY_REDIS_TLS</c>, each with or without the <c>K8SNOTIFY_</c> prefix) and <see cref="RateLimiterOptions"/>
    /// (section <c>RateLimiting</c>, else <c>K8SNOTIFY_REPLICAS</c> and <c>K8SNOTIFY_REPLICAS_FILE</c>), validated at start, and replaces any registered
    /// <see cref="IRateLimitGate"/>. Metrics go to <see cref="DispatcherMetrics.Factory"/> when it is registered.
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
            .Configure(o =>
            {
                o.Replicas ??= ReadInt(Read(configuration, RateLimiterOptions.ReplicasVariable));
                o.ReplicasFile = Coalesce(o.ReplicasFile, Read(configuration, RateLimiterOptions.ReplicasFileVariable));
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RateLimitMetrics(
            sp.GetService<DispatcherMetrics>()?.Factory ?? sp.GetService<IMetricFactory>() ?? Metrics.DefaultFactory));
        services.TryAddSingleton<InMemoryGcraStore>();
        services.TryAddSingleton<RateLimiterReadiness>();
        services.TryAddSingleton<ReplicaCount>();
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
                sp.GetRequiredService<IOptions<RateLimiterOptions>>(),
                sp.GetRequiredService<ReplicaCount>());
        });
        services.AddHostedService<RateLimiterStartup>();
        return services;
    }

    /// <summary>Environment variables fill what the section left empty (a flag or the section wins).</summary>
    private static void ApplyEnvironment(RedisOptions options, IConfiguration configuration)
    {
        options.Configuration = Coalesce(options.Configuration, Read(configuration, RedisOptions.ConfigurationVariable));
        options.Password = Coalesce(options.Password, Read(configuration, RedisOptions.PasswordVariable));
        options.PasswordFile = Coalesce(options.PasswordFile, Read(configuration, RedisOptions.PasswordFileVariable));
        options.SentinelService = Coalesce(options.SentinelService, Read(configuration, RedisOptions.SentinelServiceVariable));
        if (bool.TryParse(Read(configuration, RedisOptions.TlsVariable), out var tls) && tls)
        {
            options.Tls = true;
        }
    }

    /// <summary>A variable as the process environment names it, or as the host's prefix-stripping source does (<c>--redis</c> ⇔ <c>REDIS</c>).</summary>
    private static string? Read(IConfiguration configuration, string variable) =>
        Coalesce(configuration[variable], configuration[variable[DispatcherHost.EnvironmentPrefix.Length..]]);

    private static string? Coalesce(string? value, string? fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static int? ReadInt(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
