using System.Globalization;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Configuration;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>
/// Authorization of the recipient routes, the same as the notification API's: a bearer token from a Channel's
/// tokensSecretRef, the client's rate limit, and the namespace scope of the token.
/// </summary>
public sealed class RecipientApiAccess(ApiTokenAuthenticator authenticator, ClientRateLimiter rateLimiter, ChannelRuntimeStore runtimes, IOptions<ApiOptions> options)
{
    public const int MaxRecipientLength = 320;

    /// <summary>Null when the request may go on, otherwise the problem answer.</summary>
    public IResult? Authorize(HttpContext context, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = authenticator.Authenticate(context.Request.Headers.Authorization.ToString());
        if (client is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Status(StatusCodes.Status401Unauthorized, "A valid bearer token is required", "send Authorization: Bearer <token> with a token from the Channel's tokensSecretRef");
        }

        if (rateLimiter.TryAcquire(client) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"client {client.Name} exceeded its rate limit");
        }

        return client.Namespaces.Contains(@namespace)
            ? null
            : Problems.Status(StatusCodes.Status403Forbidden, "The token is not valid for this namespace", $"client {client.Name} may not use namespace {@namespace}");
    }

    /// <summary>The API-enabled Channel of the route, or null.</summary>
    public ChannelRuntime? Channel(string @namespace, string channel) =>
        runtimes.Get(@namespace, channel) is { } runtime && (options.Value.Enabled || runtime.Channel.Spec.Api?.Enabled == true) ? runtime : null;

    /// <summary>A problem when the recipient of a route is empty or too long.</summary>
    public static IResult? CheckRecipient(string recipient) =>
        string.IsNullOrWhiteSpace(recipient) || recipient.Length > MaxRecipientLength
            ? Problems.Invalid([new Contract.FieldError("recipient", $"the recipient must be 1 to {MaxRecipientLength} characters")])
            : null;
}
