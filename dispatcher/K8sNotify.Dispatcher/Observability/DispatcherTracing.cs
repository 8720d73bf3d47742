using System.Diagnostics;
using K8sNotify.Dispatcher.Pipeline;

namespace K8sNotify.Dispatcher.Observability;

/// <summary>
/// The dispatcher's trace source: a consumer span per message taken from a stream (parented by the publisher's
/// <c>traceparent</c> header) with child spans for decode, rate limit, render, each provider call and each status
/// write. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null, so the
/// hot path pays only that check.
/// </summary>
public static class DispatcherTracing
{
    /// <summary>The name of the dispatcher's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "K8sNotify.Dispatcher";

    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public static readonly ActivitySource Source = new(ActivitySourceName, typeof(DispatcherTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of one message's processing, continuing the trace its headers carry.</summary>
    public static Activity? StartProcess(IncomingMessage incoming, string channelKey)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = default(ActivityContext);
        if (incoming.Headers is { } headers && headers.TryGetValue(TraceParentHeader, out var traceParent))
        {
            headers.TryGetValue(TraceStateHeader, out var traceState);
            ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent);
        }

        var activity = Source.StartActivity($"{incoming.Subject} process", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "nats");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", incoming.Subject);
            activity.SetTag("messaging.message.id", incoming.MsgIdHeader);
            activity.SetTag("messaging.nats.stream.sequence", incoming.StreamSequence);
            activity.SetTag("messaging.nats.delivery.count", incoming.NumDelivered);
            activity.SetTag("k8snotify.channel", channelKey);
        }

        return activity;
    }

    /// <summary>Starts an internal step span (decode, rate limit, render, status write) under the current span.</summary>
    public static Activity? StartStep(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>Starts the span of one call to a provider.</summary>
    public static Activity? StartProviderCall(string provider, string type)
    {
        var activity = Source.StartActivity($"provider {provider}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("k8snotify.provider", provider);
            activity.SetTag("k8snotify.provider.type", type);
        }

        return activity;
    }

    /// <summary>
    /// Headers carrying the current trace context (<c>traceparent</c>, <c>tracestate</c>), or null outside a trace: the
    /// HTTP API's publish continues its request's trace in the dispatcher that takes the message.
    /// </summary>
    public static NATS.Client.Core.NatsHeaders? ContextHeaders()
    {
        if (Activity.Current is not { } current)
        {
            return null;
        }

        var headers = new NATS.Client.Core.NatsHeaders();
        DistributedContextPropagator.Current.Inject(current, headers, static (carrier, name, value) =>
        {
            if (carrier is NATS.Client.Core.NatsHeaders h && value is not null)
            {
                h[name] = value;
            }
        });
        return headers;
    }
}
