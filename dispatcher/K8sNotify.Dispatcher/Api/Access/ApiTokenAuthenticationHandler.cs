using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>
/// The bearer scheme of the HTTP API: <c>Authorization: Bearer &lt;token&gt;</c> with a token from a Channel's
/// tokensSecretRef signs the request in as that client, with one namespace claim per namespace the token is valid for.
/// A challenge answers 401 with a problem body; neither the token nor the header reaches a log.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiToken";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate(Request.Headers.Authorization.ToString()));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Logger.ApiUnauthenticated(Request.Path.Value ?? "", Context.Connection.RemoteIpAddress?.ToString());
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Status(StatusCodes.Status401Unauthorized, "A valid bearer token is required", "send Authorization: Bearer <token> with a token from the Channel's tokensSecretRef")
            .ExecuteAsync(Context).ConfigureAwait(false);
    }

    // The failure messages are logged by the framework: they say what was wrong, never what was sent.
    private AuthenticateResult Authenticate(string authorization)
    {
        if (authorization.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header is not a bearer token");
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        if (token.Length == 0)
        {
            return AuthenticateResult.Fail("the bearer token is empty");
        }

        if (tokens.FindClient(token) is not { } client)
        {
            return AuthenticateResult.Fail("the bearer token matches no tokensSecretRef of a served Channel");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(client.ToPrincipal(Scheme.Name), Scheme.Name));
    }
}
