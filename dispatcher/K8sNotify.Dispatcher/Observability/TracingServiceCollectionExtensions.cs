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
        if (options.EffectiveEndpoint(environment) is not { } endpoint)
        {
            return false;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(DispatcherTracing.ActivitySourceName)
                .AddNatsClientInstrumentation()
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = endpoint;
                    if (options.OtlpEndpoint is not null && endpoint.Port == 4318)
                    {
                        o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    }
                }));
        return true;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal) || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
        || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
