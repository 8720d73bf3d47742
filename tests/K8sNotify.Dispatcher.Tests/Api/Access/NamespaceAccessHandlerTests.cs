using System.Security.Claims;
using K8sNotify.Dispatcher.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sNotify.Dispatcher.Tests.Api.Access;

public sealed class NamespaceAccessHandlerTests
{
    private static readonly NamespaceAccessRequirement Requirement = new(ApiAccess.NamespaceRouteParameter);

    [Theory]
    [InlineData("default")]
    [InlineData("team-a")]
    public async Task HandleAsync_RouteNamespaceAmongTheClaims_Succeeds(string @namespace)
    {
        var context = await DecideAsync(AccessContexts.Shop.ToPrincipal(ApiTokenAuthenticationHandler.SchemeName), @namespace);

        Assert.True(context.HasSucceeded);
    }

    [Fact]
    public async Task HandleAsync_OtherNamespace_FailsWithAReasonNamingClientAndNamespace()
    {
        var context = await DecideAsync(AccessContexts.Shop.ToPrincipal(ApiTokenAuthenticationHandler.SchemeName), "team-b");

        Assert.True(context.HasFailed);
        var reason = Assert.Single(context.FailureReasons);
        Assert.Equal("client shop may not use namespace team-b", reason.Message);
    }

    [Fact]
    public async Task HandleAsync_NamespaceDiffersOnlyInCase_Fails()
    {
        var context = await DecideAsync(AccessContexts.Shop.ToPrincipal(ApiTokenAuthenticationHandler.SchemeName), "Default");

        Assert.True(context.HasFailed);
    }

    [Fact]
    public async Task HandleAsync_AnonymousCaller_LeavesTheAnswerToTheChallenge()
    {
        var context = await DecideAsync(new ClaimsPrincipal(new ClaimsIdentity()), "default");

        Assert.False(context.HasSucceeded);
        Assert.False(context.HasFailed);
    }

    [Fact]
    public async Task HandleAsync_RouteWithoutNamespace_Fails()
    {
        var context = await DecideAsync(AccessContexts.Shop.ToPrincipal(ApiTokenAuthenticationHandler.SchemeName), null);

        Assert.True(context.HasFailed);
    }

    private static async Task<AuthorizationHandlerContext> DecideAsync(ClaimsPrincipal user, string? @namespace)
    {
        var context = new AuthorizationHandlerContext([Requirement], user, AccessContexts.Request(@namespace: @namespace));
        await new NamespaceAccessHandler(NullLogger<NamespaceAccessHandler>.Instance).HandleAsync(context);
        return context;
    }
}
