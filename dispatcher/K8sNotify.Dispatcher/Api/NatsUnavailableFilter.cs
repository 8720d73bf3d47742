using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Answers 503 when the endpoint could not reach NATS, saying what did not happen, so the client knows to try again.</summary>
/// <param name="detail">What the client should know, for example "the preferences were not read or changed; try again".</param>
public sealed class NatsUnavailableFilter(string detail) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (NatsException)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", detail);
        }
    }
}
