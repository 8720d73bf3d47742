using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>
/// Answers a refused authorization with a 403 problem body whose detail is the refusing handler's reason; a missing or
/// invalid token goes to the bearer scheme's challenge (401) as usual.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!authorizeResult.Forbidden)
        {
            return _framework.HandleAsync(next, context, policy, authorizeResult);
        }

        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message;
        return Problems.Status(StatusCodes.Status403Forbidden, "The token is not valid for this namespace", reason).ExecuteAsync(context);
    }
}
