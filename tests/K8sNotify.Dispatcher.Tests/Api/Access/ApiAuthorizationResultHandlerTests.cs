using K8sNotify.Dispatcher.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNotify.Dispatcher.Tests.Api.Access;

public sealed class ApiAuthorizationResultHandlerTests
{
    private static readonly AuthorizationPolicy Policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    [Fact]
    public async Task HandleAsync_Forbidden_Answers403ProblemWithTheHandlersReason()
    {
        var context = AccessContexts.Request();
        var failure = AuthorizationFailure.Failed([new AuthorizationFailureReason(new NamespaceAccessHandler(NullLogger<NamespaceAccessHandler>.Instance), "client shop may not use namespace team-b")]);
        var nextCalled = false;

        await new ApiAuthorizationResultHandler().HandleAsync(_ => { nextCalled = true; return Task.CompletedTask; }, context, Policy, PolicyAuthorizationResult.Forbid(failure));

        Assert.False(nextCalled);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("client shop may not use namespace team-b", AccessContexts.ResponseText(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_Success_CallsTheEndpoint()
    {
        var nextCalled = false;

        await new ApiAuthorizationResultHandler().HandleAsync(_ => { nextCalled = true; return Task.CompletedTask; }, AccessContexts.Request(), Policy, PolicyAuthorizationResult.Success());

        Assert.True(nextCalled);
    }
}
