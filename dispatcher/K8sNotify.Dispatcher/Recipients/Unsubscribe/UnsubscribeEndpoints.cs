using System.Net;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Recipients.Preferences;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Recipients.Unsubscribe;

/// <summary>
/// The one-click unsubscribe link (RFC 8058). POST with the body <c>List-Unsubscribe=One-Click</c> opts the recipient
/// out of the link's category (or of the Channel's type when the Template has none); the signed token is the only
/// authentication. GET shows a confirmation page and changes nothing (mail scanners follow links). Forged or expired
/// tokens get 403.
/// </summary>
public sealed class UnsubscribeEndpoints(
    ChannelRuntimeStore runtimes,
    PreferenceStore preferences,
    RecipientMetrics metrics,
    TimeProvider time,
    ILogger<UnsubscribeEndpoints> logger) : IEndpointModule
{
    public const string OneClickSource = "one_click";
    public const int MaxBodyBytes = 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(UnsubscribeLinks.Route, Confirm);
        endpoints.MapPost(UnsubscribeLinks.Route, UnsubscribeAsync);
    }

    private IResult Confirm(string token)
    {
        if (Verify(token) is not { } claims)
        {
            return Forbidden();
        }

        var what = WebUtility.HtmlEncode(claims.Category is null ? "these notifications" : $"{claims.Category} notifications");
        var html = $"""
            <!doctype html>
            <html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Unsubscribe</title></head>
            <body>
            <h1>Unsubscribe</h1>
            <p>Stop receiving {what} at {WebUtility.HtmlEncode(claims.Recipient)}?</p>
            <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private async Task<IResult> UnsubscribeAsync(HttpContext context, string token)
    {
        if (Verify(token) is not { } claims)
        {
            return Forbidden();
        }

        if (!await IsOneClickAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Not a one-click unsubscribe", "POST the form body List-Unsubscribe=One-Click (RFC 8058)");
        }

        var runtime = runtimes.Get(claims.Namespace, claims.Channel)!;
        try
        {
            if (claims.Category is { } category)
            {
                await preferences.SetCategoryOptOutAsync(claims.Namespace, claims.Recipient, category, optOut: true, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await preferences.SetChannelTypeOptOutAsync(claims.Namespace, claims.Recipient, RecipientGate.ChannelTypeName(runtime.Type), optOut: true, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (NatsException)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Try again later", "the unsubscribe was not recorded");
        }

        metrics.CountOptOut(claims.Namespace, OneClickSource, optOut: true);
        logger.RecipientOptedOut(claims.Namespace, RecipientKeys.Preferences(claims.Namespace, claims.Recipient), claims.Category ?? RecipientGate.ChannelTypeName(runtime.Type), OneClickSource);
        return Results.Content("<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribed</title></head><body><p>You are unsubscribed.</p></body></html>", "text/html; charset=utf-8");
    }

    /// <summary>The claims of a token signed by its Channel's key and not expired; null (logged) otherwise.</summary>
    private UnsubscribeClaims? Verify(string token)
    {
        if (UnsubscribeToken.ReadUnverified(token) is not { } unverified)
        {
            logger.UnsubscribeRejected("malformed token");
            return null;
        }

        if (runtimes.Get(unverified.Namespace, unverified.Channel) is not { } runtime || UnsubscribeLinks.KeyOf(runtime) is not { } key)
        {
            logger.UnsubscribeRejected("no Channel with an unsubscribe key for the token");
            return null;
        }

        if (!UnsubscribeToken.Verify(token, key, time.GetUtcNow(), out var claims))
        {
            logger.UnsubscribeRejected("bad signature or expired");
            return null;
        }

        return claims;
    }

    private static async Task<bool> IsOneClickAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength > MaxBodyBytes)
        {
            return false;
        }

        try
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return form["List-Unsubscribe"].ToString() == "One-Click";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return false;
        }
    }

    private static IResult Forbidden() =>
        Problems.Status(StatusCodes.Status403Forbidden, "Invalid unsubscribe link", "the link is not valid or has expired");
}
