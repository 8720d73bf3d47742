using K8sNotify.Dispatcher.Messaging;

namespace K8sNotify.Dispatcher.Http;

/// <summary>/healthz (the process serves requests) and /readyz (config loaded, NATS connected, Channels bound).</summary>
public sealed class HealthEndpoints(DispatcherReadiness readiness) : IEndpointModule
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", () => readiness.NotReadyReason() is { } reason
            ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
    }
}
