using Microsoft.AspNetCore.Authorization;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>
/// Decides <see cref="NamespaceAccessRequirement"/>: compares the route's namespace with the client's namespace claims.
/// A refusal carries the reason that the 403 problem body shows.
/// </summary>
public sealed class NamespaceAccessHandler(ILogger<NamespaceAccessHandler> logger) : AuthorizationHandler<NamespaceAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NamespaceAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);

        // Without a signed-in client the policy's authenticated-user requirement fails and the scheme challenges (401).
        if (ApiClient.FromPrincipal(context.User) is not { } client)
        {
            return Task.CompletedTask;
        }

        var @namespace = (context.Resource as HttpContext)?.GetRouteValue(requirement.RouteParameter) as string;
        if (@namespace is null)
        {
            context.Fail(new AuthorizationFailureReason(this, $"the route names no {requirement.RouteParameter}"));
        }
        else if (client.Namespaces.Contains(@namespace))
        {
            context.Succeed(requirement);
        }
        else
        {
            logger.ApiForbidden(client.Name, @namespace);
            context.Fail(new AuthorizationFailureReason(this, $"client {client.Name} may not use namespace {@namespace}"));
        }

        return Task.CompletedTask;
    }
}
