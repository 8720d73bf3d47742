using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Receipts;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>
/// Twilio's status callback, authenticated by <c>X-Twilio-Signature</c> under a Twilio Provider's Auth Token:
/// <c>delivered</c>, <c>undelivered</c> and <c>failed</c> become receipts; every other status is acknowledged and ignored.
/// </summary>
public sealed class TwilioReceiptEndpoints(ChannelRuntimeStore runtimes, TwilioRequestVerifier verifier, ReceiptIntake intake, ReceiptMetrics metrics, ILogger<TwilioReceiptEndpoints> logger)
    : IEndpointModule
{
    public const string Route = "/v1/receipts/twilio";
    public const string Source = "twilio";

    /// <summary>Twilio error codes of an undelivered message that mean the number is dead: unknown handset (30005), landline or unreachable carrier (30006).</summary>
    public static readonly IReadOnlySet<string> HardBounceErrorCodes = new HashSet<string>(StringComparer.Ordinal) { "30005", "30006" };

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Route, (Delegate)ReceiveAsync);

    /// <summary>The receipt a status callback's fields report, or null for a status that is no receipt (queued, sending, sent…).</summary>
    public static IncomingReceipt? ReceiptOf(IFormCollection form, string? notificationId)
    {
        ArgumentNullException.ThrowIfNull(form);
        var messageStatus = form["MessageStatus"].ToString();
        NotificationState? state = messageStatus switch
        {
            "delivered" => NotificationState.Delivered,
            "undelivered" or "failed" => NotificationState.Undelivered,
            _ => null,
        };
        if (state is not { } reported)
        {
            return null;
        }

        var errorCode = form["ErrorCode"].ToString();
        var messageSid = form["MessageSid"].ToString();
        var undelivered = reported == NotificationState.Undelivered;
        var reason = undelivered ? $"Twilio {messageStatus}" + (errorCode.Length > 0 ? $", ErrorCode {IncomingReceipt.Clean(errorCode)}" : "") : null;
        return new IncomingReceipt(Source, notificationId, reported, reason, messageSid.Length > 0 ? messageSid : null, undelivered && HardBounceErrorCodes.Contains(errorCode));
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var (twilio, problem) = await TwilioForm.ReadAsync(context).ConfigureAwait(false);
        if (twilio is null)
        {
            return problem!;
        }

        if (!verifier.IsSigned(context.Request, twilio.Parameters))
        {
            metrics.Count(null, null, Source, "rejected");
            logger.ReceiptSignatureRejected(context.Connection.RemoteIpAddress?.ToString());
            return TwilioForm.SignatureRejected();
        }

        // Our callback parameter names the notification; without it (a callback URL configured elsewhere), the MessageSid index does.
        var id = TwilioCallbackUrl.IdOf(context.Request.Query[TwilioCallbackUrl.IdParameter].ToString());
        if (ReceiptOf(twilio.Fields, id) is not { } receipt)
        {
            metrics.Count(null, null, Source, "ignored");
            return ReceiptIntake.Ignored();
        }

        return await intake.RecordAsync(receipt, runtimes.All, unknownIsNotFound: false, context.RequestAborted).ConfigureAwait(false);
    }
}
