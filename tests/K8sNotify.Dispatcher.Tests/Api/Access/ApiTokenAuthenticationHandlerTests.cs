using System.Text.Encodings.Web;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Tests.Api.Access;

public sealed class ApiTokenAuthenticationHandlerTests
{
    private const string Token = "tok-shop-0123456789";

    [Fact]
    public async Task AuthenticateAsync_KnownToken_SignsInTheClientWithOneClaimPerNamespace()
    {
        var context = AccessContexts.Request("Bearer " + Token);

        var result = await AuthenticateAsync(context);

        Assert.True(result.Succeeded);
        Assert.Equal("shop", result.Principal!.Identity!.Name);
        Assert.Equal(["default", "team-a"], result.Principal.FindAll(ApiClient.NamespaceClaim).Select(c => c.Value).Order(StringComparer.Ordinal));
        Assert.Equal(AccessContexts.Shop.Key, ApiClient.FromPrincipal(result.Principal)!.Key);
    }

    [Fact]
    public async Task AuthenticateAsync_LowercaseSchemeAndPadding_SignsIn()
    {
        var result = await AuthenticateAsync(AccessContexts.Request("bearer   " + Token + "  "));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task AuthenticateAsync_NoAuthorizationHeader_HasNoResult()
    {
        var result = await AuthenticateAsync(AccessContexts.Request());

        Assert.True(result.None);
    }

    [Theory]
    [InlineData("Bearer tok-not-a-known-token")]
    [InlineData("Basic c2hvcDp0b2stc2hvcA==")]
    [InlineData("Bearer    ")]
    [InlineData("tok-shop-0123456789")]
    public async Task AuthenticateAsync_InvalidHeader_FailsWithoutEchoingIt(string authorization)
    {
        var result = await AuthenticateAsync(AccessContexts.Request(authorization));

        Assert.NotNull(result.Failure);
        var presented = authorization.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        Assert.DoesNotContain(presented, result.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChallengeAsync_Always_Answers401ProblemWithBearerChallenge()
    {
        var context = AccessContexts.Request("Bearer tok-not-a-known-token");
        var handler = await HandlerAsync(context);

        await handler.ChallengeAsync(new AuthenticationProperties());

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        var body = AccessContexts.ResponseText(context);
        Assert.Contains("A valid bearer token is required", body, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-not-a-known-token", body, StringComparison.Ordinal);
    }

    private static async Task<AuthenticateResult> AuthenticateAsync(HttpContext context) => await (await HandlerAsync(context)).AuthenticateAsync();

    private static async Task<ApiTokenAuthenticationHandler> HandlerAsync(HttpContext context)
    {
        var handler = new ApiTokenAuthenticationHandler(new SchemeOptions(), NullLoggerFactory.Instance, UrlEncoder.Default, new OneToken());
        await handler.InitializeAsync(new AuthenticationScheme(ApiTokenAuthenticationHandler.SchemeName, null, typeof(ApiTokenAuthenticationHandler)), context);
        return handler;
    }

    /// <summary>A store that knows one token, for client "shop" in two namespaces.</summary>
    private sealed class OneToken : IApiTokenStore
    {
        public ApiClient? FindClient(string token) => token == Token ? AccessContexts.Shop : null;
    }

    private sealed class SchemeOptions : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue { get; } = new();

        public AuthenticationSchemeOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
