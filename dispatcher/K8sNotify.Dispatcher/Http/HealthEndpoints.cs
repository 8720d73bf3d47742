using K8sNotify.Api.Contract;
using K8sNotify.Dispatcher.Messaging;

namespace K8sNotify.Dispatcher.Http;

/// <summary>/healthz (the process serves requests) and /readyz (config loaded, NATS connected, Channels bound).</summary>
public sealed class HealthEndpoints(DispatcherReadiness readiness) : IEndpointModule
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DispatcherContainer.LivenessPath, () => Results.Text("ok\n"));
        endpoints.MapGet(DispatcherContainer.ReadinessPath, () => readiness.NotReadyReason() is { } reason
            ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
    }
}
