using System.Globalization;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Resilience;

/// <summary>The timeout, retry and circuit breaker settings of one provider, parsed and range-checked from its Provider spec.</summary>
public sealed record ProviderResilienceSettings
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public const int DefaultMaxRetries = 2;
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromMilliseconds(200);
    public const double DefaultFailureRatio = 0.5;
    public const int DefaultMinimumThroughput = 10;
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(30);

    // The ranges Polly accepts; a spec outside them is a configuration error naming the field.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinCircuitWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxCircuitWindow = TimeSpan.FromDays(1);

    /// <summary>Bounds one provider's whole try (in-process retries included), so failover happens within it.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int MaxRetries { get; init; } = DefaultMaxRetries;

    public TimeSpan Backoff { get; init; } = DefaultBackoff;

    public double FailureRatio { get; init; } = DefaultFailureRatio;

    public int MinimumThroughput { get; init; } = DefaultMinimumThroughput;

    public TimeSpan SamplingDuration { get; init; } = DefaultSamplingDuration;

    public TimeSpan BreakDuration { get; init; } = DefaultBreakDuration;

    /// <summary>Reads the settings of a Provider, throwing <see cref="ProviderConfigurationException"/> naming a bad field.</summary>
    public static ProviderResilienceSettings From(ProviderSpec spec)
    {
        var timeout = Duration(spec.Timeout, DefaultTimeout, "spec.timeout");
        if (timeout < MinTimeout || timeout > MaxTimeout)
        {
            throw new ProviderConfigurationException("spec.timeout must be between 10ms and 1d");
        }

        var maxRetries = spec.Retry?.MaxRetries ?? DefaultMaxRetries;
        if (maxRetries is < 0 or > 10)
        {
            throw new ProviderConfigurationException("spec.retry.maxRetries must be between 0 and 10");
        }

        var backoff = Duration(spec.Retry?.Backoff, DefaultBackoff, "spec.retry.backoff");
        if (backoff > MaxTimeout)
        {
            throw new ProviderConfigurationException("spec.retry.backoff must be at most 1d");
        }

        var breaker = spec.CircuitBreaker;
        var ratio = DefaultFailureRatio;
        if (!string.IsNullOrEmpty(breaker?.FailureRatio)
            && (!double.TryParse(breaker.FailureRatio, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out ratio) || ratio is <= 0 or > 1))
        {
            throw new ProviderConfigurationException("spec.circuitBreaker.failureRatio must be a decimal above 0 and at most 1");
        }

        var throughput = breaker?.MinimumThroughput ?? DefaultMinimumThroughput;
        if (throughput < 2)
        {
            throw new ProviderConfigurationException("spec.circuitBreaker.minimumThroughput must be at least 2");
        }

        var sampling = Window(breaker?.SamplingDuration, DefaultSamplingDuration, "spec.circuitBreaker.samplingDuration");
        var breakDuration = Window(breaker?.BreakDuration, DefaultBreakDuration, "spec.circuitBreaker.breakDuration");
        return new ProviderResilienceSettings
        {
            Timeout = timeout,
            MaxRetries = maxRetries,
            Backoff = backoff,
            FailureRatio = ratio,
            MinimumThroughput = throughput,
            SamplingDuration = sampling,
            BreakDuration = breakDuration,
        };
    }

    private static TimeSpan Duration(string? value, TimeSpan fallback, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return Durations.TryParse(value, out var parsed)
            ? parsed
            : throw new ProviderConfigurationException($"{field} '{value}' is not a duration such as 500ms, 10s or 1m");
    }

    private static TimeSpan Window(string? value, TimeSpan fallback, string field)
    {
        var parsed = Duration(value, fallback, field);
        return parsed < MinCircuitWindow || parsed > MaxCircuitWindow
            ? throw new ProviderConfigurationException($"{field} must be between 500ms and 1d")
            : parsed;
    }
}
