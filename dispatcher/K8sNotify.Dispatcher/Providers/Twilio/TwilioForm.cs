using K8sNotify.Dispatcher.Api;
using Microsoft.AspNetCore.Http.Features;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>A form body Twilio posted (status callback or inbound message), read within a size bound, with its parameters as the signature check needs them.</summary>
/// <param name="Fields">The form fields.</param>
/// <param name="Parameters">Every field value, in order, for <see cref="TwilioRequestVerifier"/>.</param>
public sealed record TwilioForm(IFormCollection Fields, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>Largest body accepted; Twilio's callbacks are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Reads the form, or says with a problem answer (415, 413, 400) why it cannot.</summary>
    public static async Task<(TwilioForm? Form, IResult? Problem)> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Twilio posts application/x-www-form-urlencoded"));
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.TooLarge(MaxBodyBytes));
        }

        // Bodies without a length (chunked) are bounded by the server.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        IFormCollection fields;
        try
        {
            fields = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(MaxBodyBytes));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Problems.Status(StatusCodes.Status400BadRequest, "The form is malformed"));
        }

        var parameters = fields.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))).ToList();
        return (new TwilioForm(fields, parameters), null);
    }

    /// <summary>The 403 answer to a request whose signature no Twilio Provider's Auth Token produced.</summary>
    public static IResult SignatureRejected() => Problems.Status(
        StatusCodes.Status403Forbidden,
        "Invalid X-Twilio-Signature",
        "the signature does not match the URL, the parameters and the Auth Token of any Twilio Provider of this dispatcher");
}
