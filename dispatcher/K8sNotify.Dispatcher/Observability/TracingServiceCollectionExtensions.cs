using NATS.Client.OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace K8sNotify.Dispatcher.Observability;

/// <summary>Registers OpenTelemetry tracing with an OTLP exporter when an endpoint is configured; registers nothing otherwise.</summary>
public static class TracingServiceCollectionExtensions
{
    /// <summary>True when tracing was turned on.</summary>
    public static bool AddDispatcherTracing(this IServiceCollection services, IConfiguration configuration, Func<string, string?> environment)
    {
        var options = configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        if (options.EffectiveEndpoint(environment) is null)
        {
            return false;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(DispatcherTracing.ActivitySourceName)
                .AddNatsClientInstrumentation()
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddOtlpExporter(o => UseEndpoint(o, options.OtlpEndpoint)));
        return true;
    }

    /// <summary>
    /// The dispatcher's own endpoint setting, when given; otherwise the exporter reads the standard OTEL_EXPORTER_OTLP_*
    /// variables itself (which also appends /v1/traces for http/protobuf).
    /// </summary>
    private static void UseEndpoint(OtlpExporterOptions exporter, Uri? configured)
    {
        if (configured is null)
        {
            return;
        }

        if (configured.Port == 4318)
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = configured.AbsolutePath is "/" or "" ? new Uri(configured, "/v1/traces") : configured;
            return;
        }

        exporter.Endpoint = configured;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal) || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
        || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
