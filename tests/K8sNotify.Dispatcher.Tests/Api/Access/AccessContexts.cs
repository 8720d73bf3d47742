using K8sNotify.Dispatcher.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Tests.Api.Access;

/// <summary>Request contexts for the access tests: services for writing problem answers, a readable response body, route values.</summary>
internal static class AccessContexts
{
    public static readonly ApiClient Shop = new("shop", new HashSet<string>(StringComparer.Ordinal) { "default", "team-a" });

    public static DefaultHttpContext Request(string? authorization = null, string? @namespace = null, ApiOptions? options = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(Options.Create(options ?? new ApiOptions())).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (@namespace is not null)
        {
            context.Request.RouteValues[K8sNotify.Dispatcher.Api.Access.ApiAccess.NamespaceRouteParameter] = @namespace;
        }

        return context;
    }

    public static string ResponseText(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body).ReadToEnd();
    }
}
