using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Recipients.SmsOptOut;
using K8sNotify.Dispatcher.Recipients.Preferences;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>
/// Twilio's inbound-message webhook (signed like the status callbacks): STOP and the other opt-out keywords opt the
/// sending number out of SMS in the namespaces of the SMS Channels of the signing Twilio account; START opts it back in.
/// Answers with an empty TwiML response (Twilio sends its own confirmation for the standard keywords).
/// </summary>
public sealed class TwilioInboundEndpoints(TwilioRequestVerifier verifier, PreferenceStore preferences, RecipientMetrics metrics, ILogger<TwilioInboundEndpoints> logger) : IEndpointModule
{
    public const string Route = "/v1/inbound/twilio";
    public const string SmsSource = "sms";
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Route, (Delegate)InboundAsync);

    private async Task<IResult> InboundAsync(HttpContext context)
    {
        var (twilio, problem) = await TwilioForm.ReadAsync(context).ConfigureAwait(false);
        if (twilio is null)
        {
            return problem!;
        }

        var form = twilio.Fields;
        var signedFor = verifier.SignedFor(context.Request, twilio.Parameters);
        if (signedFor.Count == 0)
        {
            logger.InboundSignatureRejected(context.Connection.RemoteIpAddress?.ToString());
            return TwilioForm.SignatureRejected();
        }

        var from = form["From"].ToString().Trim();
        if (OptOutKeywords.Classify(form["Body"].ToString()) is not { } optOut || from.Length == 0 || from.Length > RecipientRouteFilter.MaxRecipientLength)
        {
            return Twiml();
        }

        var namespaces = signedFor.Where(r => r.Type == ChannelType.Sms).Select(r => r.Namespace).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            foreach (var ns in namespaces)
            {
                await preferences.SetChannelTypeOptOutAsync(ns, from, "sms", optOut, context.RequestAborted).ConfigureAwait(false);
                metrics.CountOptOut(ns, SmsSource, optOut);
                if (optOut)
                {
                    logger.RecipientOptedOut(ns, RecipientKeys.Preferences(ns, from), "sms", SmsSource);
                }
                else
                {
                    logger.RecipientOptedIn(ns, RecipientKeys.Preferences(ns, from), "sms", SmsSource);
                }
            }
        }
        catch (NatsException)
        {
            // Twilio retries a failed webhook; nothing is half-done that a repeat would break.
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "the opt-out was not recorded; Twilio will retry");
        }

        return Twiml();
    }

    private static IResult Twiml() => Results.Content(EmptyTwiml, "text/xml; charset=utf-8");
}
