namespace K8sNotify.Api.Contract;

/// <summary>The dispatcher container: its name, HTTP port and probe paths.</summary>
public static class DispatcherContainer
{
    public const string Name = "dispatcher";

    /// <summary>The named container port the probes and the Service target.</summary>
    public const string HttpPortName = "http";

    /// <summary>The port the operator passes with <see cref="DispatcherFlags.HttpPort"/> (also the dispatcher's default).</summary>
    public const int HttpPort = 8080;

    /// <summary>Liveness: the process serves HTTP.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness: the Channels are bound to their streams and consumers.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Prometheus metrics.</summary>
    public const string MetricsPath = "/metrics";
}
