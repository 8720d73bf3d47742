using K8sNotify.Dispatcher.Configuration;

namespace K8sNotify.Dispatcher.Api;

/// <summary>
/// Answers 404 for a route whose <c>{namespace}</c>/<c>{channel}</c> is not an API-enabled Channel of this dispatcher,
/// and otherwise hands the Channel to the endpoint through <see cref="ChannelOf"/>, so it is looked up once.
/// </summary>
public sealed class ApiChannelFilter(ApiChannels channels) : IEndpointFilter
{
    private static readonly object ItemKey = new();

    /// <summary>The Channel the filter found for this request.</summary>
    public static ChannelRuntime ChannelOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as ChannelRuntime ?? throw new InvalidOperationException($"the endpoint has no {nameof(ApiChannelFilter)}");
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var @namespace = http.GetRouteValue("namespace") as string ?? "";
        var channel = http.GetRouteValue("channel") as string ?? "";
        if (channels.Find(@namespace, channel) is not { } runtime)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Unknown Channel", $"this dispatcher serves no API-enabled Channel {@namespace}/{channel}");
        }

        http.Items[ItemKey] = runtime;
        return await next(context).ConfigureAwait(false);
    }
}
