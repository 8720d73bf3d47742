namespace K8sNotify.Dispatcher.Observability;

/// <summary>Where traces go: off unless an OTLP endpoint is configured here or in the standard OpenTelemetry variable.</summary>
public sealed class TracingOptions
{
    public const string Section = "TRACING";

    /// <summary>The standard variable the OTLP exporter reads; setting it alone turns tracing on.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The OTLP endpoint (<c>K8SNOTIFY_TRACING__OTLP_ENDPOINT</c>), e.g. <c>http://otel-collector.monitoring:4317</c>.</summary>
    [ConfigurationKeyName("OTLP_ENDPOINT")]
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The service name spans are reported under.</summary>
    [ConfigurationKeyName("SERVICE_NAME")]
    public string ServiceName { get; set; } = "k8snotify-dispatcher";

    /// <summary>The endpoint to export to, or null when tracing is off.</summary>
    public Uri? EffectiveEndpoint(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (OtlpEndpoint is not null)
        {
            return OtlpEndpoint;
        }

        return Uri.TryCreate(environment(StandardEndpointVariable), UriKind.Absolute, out var standard) ? standard : null;
    }
}
