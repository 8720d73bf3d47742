using System.Diagnostics;

namespace K8sNotify.Client;

/// <summary>
/// The client's trace source. Add <see cref="ActivitySourceName"/> to an OpenTelemetry tracer provider to record a
/// span per publish; its trace context travels in the NATS headers (<c>traceparent</c>, <c>tracestate</c>) so the
/// dispatcher's spans join the same trace.
/// </summary>
public static class K8sNotifyTelemetry
{
    /// <summary>The name of the client's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "K8sNotify.Client";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(K8sNotifyTelemetry).Assembly.GetName().Version?.ToString());
}
