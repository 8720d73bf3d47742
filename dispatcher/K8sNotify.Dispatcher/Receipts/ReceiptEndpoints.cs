using System.Globalization;
using System.Text.Json;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>
/// Delivery receipts: Twilio's status callback (authenticated by <c>X-Twilio-Signature</c> under a Twilio Provider's Auth
/// Token) and a generic provider callback (bearer token of the HTTP API). Both move a notification from sent to
/// delivered or undelivered; repeats are harmless.
/// </summary>
public sealed class ReceiptEndpoints(
    ChannelRuntimeStore runtimes,
    StatusStores stores,
    ApiTokenAuthenticator authenticator,
    ClientRateLimiter rateLimiter,
    ReceiptRecorder recorder,
    ReceiptMetrics metrics,
    IOptions<ApiOptions> apiOptions,
    TwilioRequestVerifier twilioVerifier,
    IRecipientGate recipients,
    ILogger<ReceiptEndpoints> logger) : IEndpointModule
{
    public const string TwilioRoute = "/v1/receipts/twilio";
    public const string GenericRoute = "/v1/receipts";
    public const string TwilioSource = "twilio";
    public const string GenericSource = "generic";

    /// <summary>Largest receipt body (a Twilio callback is well under 2 KiB).</summary>
    public const int MaxBodyBytes = TwilioForm.MaxBodyBytes;

    public const int MaxReasonLength = 512;

    /// <summary>Twilio error codes of an undelivered message that mean the number is dead: unknown handset (30005), landline or unreachable carrier (30006).</summary>
    public static readonly IReadOnlySet<string> HardBounceErrorCodes = new HashSet<string>(StringComparer.Ordinal) { "30005", "30006" };

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TwilioRoute, (Delegate)TwilioAsync);
        endpoints.MapPost(GenericRoute, (Delegate)GenericAsync);
    }

    private async Task<IResult> TwilioAsync(HttpContext context)
    {
        var (twilio, problem) = await TwilioForm.ReadAsync(context).ConfigureAwait(false);
        if (twilio is null)
        {
            return problem!;
        }

        var form = twilio.Fields;
        if (!twilioVerifier.IsSigned(context.Request, twilio.Parameters))
        {
            metrics.Count(null, null, TwilioSource, "rejected");
            logger.ReceiptSignatureRejected(context.Connection.RemoteIpAddress?.ToString());
            return Problems.Status(StatusCodes.Status403Forbidden, "Invalid X-Twilio-Signature", "the signature does not match the URL, the parameters and the Auth Token of any Twilio Provider of this dispatcher");
        }

        var messageSid = form["MessageSid"].ToString();
        var messageStatus = form["MessageStatus"].ToString();
        NotificationState state;
        switch (messageStatus)
        {
            case "delivered":
                state = NotificationState.Delivered;
                break;
            case "undelivered" or "failed":
                state = NotificationState.Undelivered;
                break;
            default:
                // queued, sending, sent, accepted, scheduled, read...: the notification is already "sent" for us.
                metrics.Count(null, null, TwilioSource, "ignored");
                return Answer("ignored", null);
        }

        var errorCode = form["ErrorCode"].ToString();
        var reason = state == NotificationState.Undelivered
            ? $"Twilio {messageStatus}" + (errorCode.Length > 0 ? $", ErrorCode {Clean(errorCode)}" : "")
            : null;
        // Our callback parameter names the notification; without it (a callback URL configured elsewhere), the MessageSid index does.
        var id = TwilioCallbackUrl.IdOf(context.Request.Query[TwilioCallbackUrl.IdParameter].ToString());
        var hardBounce = state == NotificationState.Undelivered && HardBounceErrorCodes.Contains(errorCode);
        return await ApplyAsync(TwilioSource, runtimes.All, id, state, reason, messageSid.Length > 0 ? messageSid : null, unknownIsNotFound: false, hardBounce, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private async Task<IResult> GenericAsync(HttpContext context)
    {
        var client = authenticator.Authenticate(context.Request.Headers.Authorization.ToString());
        if (client is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            metrics.Count(null, null, GenericSource, "rejected");
            return Problems.Status(StatusCodes.Status401Unauthorized, "A valid bearer token is required", "send Authorization: Bearer <token> with a token from the Channel's tokensSecretRef");
        }

        if (rateLimiter.TryAcquire(client) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"client {client.Name} exceeded its rate limit");
        }

        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"the limit is {MaxBodyBytes} bytes");
        }

        GenericReceipt? receipt;
        try
        {
            receipt = JsonSerializer.Deserialize<GenericReceipt>(body.Value.Span, StatusJson.Options);
        }
        catch (JsonException e)
        {
            return Problems.Invalid([new FieldError("", $"malformed JSON: {e.Message}")]);
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(receipt?.Id) && string.IsNullOrWhiteSpace(receipt?.ProviderMessageId))
        {
            errors.Add(new FieldError("id", "missing field 'id' (the notification id) or 'providerMessageId'"));
        }
        else if (receipt!.Id is { } receiptId && !NotificationIds.IsValidNotificationId(receiptId))
        {
            errors.Add(new FieldError("id", $"field 'id' must be a notification id: {NotificationIds.Rule}, with ':' and the recipient index for bulk messages"));
        }
        else if (receipt.ProviderMessageId?.Length > MaxReasonLength)
        {
            errors.Add(new FieldError("providerMessageId", $"field 'providerMessageId' is longer than {MaxReasonLength} characters"));
        }

        NotificationState state = default;
        switch (receipt?.Status)
        {
            case "delivered":
                state = NotificationState.Delivered;
                break;
            case "undelivered":
                state = NotificationState.Undelivered;
                break;
            default:
                errors.Add(new FieldError("status", "field 'status' must be \"delivered\" or \"undelivered\""));
                break;
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var reason = state == NotificationState.Undelivered && !string.IsNullOrWhiteSpace(receipt!.Reason) ? Clean(receipt.Reason) : null;
        var scope = runtimes.All.Where(r => client.Namespaces.Contains(r.Namespace) && (apiOptions.Value.Enabled || r.Channel.Spec.Api?.Enabled == true));
        var id = string.IsNullOrWhiteSpace(receipt!.Id) ? null : receipt.Id;
        var providerMessageId = string.IsNullOrWhiteSpace(receipt.ProviderMessageId) ? null : receipt.ProviderMessageId;
        var hardBounce = state == NotificationState.Undelivered && receipt.HardBounce == true;
        return await ApplyAsync(GenericSource, scope, id, state, reason, providerMessageId, unknownIsNotFound: true, hardBounce, context.RequestAborted)
            .ConfigureAwait(false);
    }

    /// <summary>Finds the notification (by id, else by the provider message id index) in <paramref name="scope"/> and applies the receipt.</summary>
    private async Task<IResult> ApplyAsync(
        string source, IEnumerable<ChannelRuntime> scope, string? requestedId, NotificationState state, string? reason, string? providerMessageId, bool unknownIsNotFound, bool hardBounce, CancellationToken cancellationToken)
    {
        ChannelStatusStore? store = null;
        ChannelRuntime? owner = null;
        string? id = null;
        try
        {
            foreach (var runtime in scope.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (await stores.GetAsync(runtime, cancellationToken).ConfigureAwait(false) is not { } candidate)
                {
                    continue;
                }

                var candidateId = requestedId
                    ?? (providerMessageId is not null && candidate.Index is { } index ? await index.FindAsync(providerMessageId, cancellationToken).ConfigureAwait(false) : null);
                if (candidateId is not null && await candidate.GetAsync(candidateId, cancellationToken).ConfigureAwait(false) is not null)
                {
                    (store, owner, id) = (candidate, runtime, candidateId);
                    break;
                }
            }

            if (store is null || owner is null || id is null)
            {
                metrics.Count(null, null, source, "unknown");
                logger.ReceiptUnmatched(source, providerMessageId is null ? null : Clean(providerMessageId));
                var what = requestedId ?? $"with provider message id {providerMessageId}";
                return unknownIsNotFound
                    ? Problems.Status(StatusCodes.Status404NotFound, "Unknown notification", $"no notification {what} in the namespaces of this token")
                    : Answer("ignored", null);
            }

            var result = await recorder.ApplyAsync(store, id, state, reason, providerMessageId, cancellationToken).ConfigureAwait(false);
            var name = result.Outcome switch
            {
                ReceiptOutcome.Applied => "applied",
                ReceiptOutcome.Duplicate => "duplicate",
                ReceiptOutcome.Mismatch => "mismatch",
                ReceiptOutcome.NotSent => "not_sent",
                _ => "unknown",
            };
            metrics.Count(owner.Namespace, owner.Name, source, name);
            if (hardBounce && result.Outcome == ReceiptOutcome.Applied && result.Record?.Recipient is { } recipient)
            {
                // The address is dead: the Channel's suppression list keeps later notifications from trying it.
                var bounce = DeliveryResult.Permanent($"hard bounce reported by {source} receipt: {reason ?? "undelivered"}") with { RecipientFault = RecipientFault.Gone };
                await recipients.RecordPermanentFailureAsync(owner, recipient, bounce, cancellationToken).ConfigureAwait(false);
            }

            logger.ReceiptProcessed(owner.Key, id, source, state.WireName(), name);
            return result.Outcome switch
            {
                ReceiptOutcome.Applied or ReceiptOutcome.Duplicate => Answer(name, result.Record),
                ReceiptOutcome.Mismatch => Problems.Status(
                    StatusCodes.Status409Conflict, "Another provider message", $"notification {id} was sent as another provider message than the receipt names"),
                ReceiptOutcome.NotSent => Problems.Status(
                    StatusCodes.Status409Conflict, "The notification is not in state sent", $"notification {id} is {result.Record?.State.WireName() ?? "gone"}; only sent notifications take a receipt"),
                _ => unknownIsNotFound
                    ? Problems.Status(StatusCodes.Status404NotFound, "Unknown notification", $"no notification {id} in the namespaces of this token")
                    : Answer("ignored", null),
            };
        }
        catch (NatsException e)
        {
            logger.ReceiptFailed(source, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "send the receipt again");
        }
    }

    private static IResult Answer(string result, StatusRecord? record) =>
        Results.Json(new ReceiptAnswer(result, record?.Id, record?.State.WireName()), StatusJson.Options);

    // Receipt fields end up in the status record and logs: no control characters, bounded length.
    private static string Clean(string value)
    {
        var cleaned = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return cleaned.Length <= MaxReasonLength ? cleaned : cleaned[..MaxReasonLength];
    }
}
