using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>
/// Who may call the HTTP API, on ASP.NET Core's authentication, authorization and rate limiting: the bearer scheme
/// signs a client in, the client policy admits any signed-in client, the namespace policy also requires the route's
/// namespace among the client's claims, and every guarded endpoint is rate limited per client.
/// </summary>
public static class ApiAccess
{
    /// <summary>Any client with a valid token (routes without a namespace: status, cancel, generic receipts).</summary>
    public const string ClientPolicy = "api-client";

    /// <summary>A client whose token is valid for the route's <c>{namespace}</c>.</summary>
    public const string NamespacePolicy = "api-namespace";

    /// <summary>The route value the namespace policy reads.</summary>
    public const string NamespaceRouteParameter = "namespace";

    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddSingleton<IApiTokenStore, ChannelApiTokenStore>();
        services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddSingleton<IAuthorizationHandler, NamespaceAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ClientPolicy, policy => policy.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(NamespacePolicy, policy => policy.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .AddRequirements(new NamespaceAccessRequirement(NamespaceRouteParameter)));
        services.AddRateLimiter(ClientRateLimit.Configure);
        return services;
    }

    /// <summary>
    /// Routing, then authentication (so the limiter sees the client), then the rate limiter, then authorization: a
    /// request without a valid token gets 401, a client over its limit 429, a client outside the namespace 403.
    /// </summary>
    public static IApplicationBuilder UseApiAccess(this IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Any signed-in client, rate limited.</summary>
    public static TBuilder RequireApiClient<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ClientPolicy).RequireRateLimiting(ClientRateLimit.PolicyName);

    /// <summary>A signed-in client whose token is valid for the route's namespace, rate limited.</summary>
    public static TBuilder RequireNamespaceAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(NamespacePolicy).RequireRateLimiting(ClientRateLimit.PolicyName);
}
