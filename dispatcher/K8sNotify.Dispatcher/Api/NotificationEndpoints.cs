using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Api;

/// <summary>
/// The notification API: submit (single and bulk), read the status, cancel. Every route authenticates a bearer token
/// scoped to a namespace and is rate limited per client; a Channel serves it when <c>spec.api.enabled</c> or <c>--api</c>.
/// </summary>
public sealed class NotificationEndpoints(
    ChannelRuntimeStore runtimes,
    ApiTokenAuthenticator authenticator,
    ClientRateLimiter rateLimiter,
    NotificationSubmitter submitter,
    StatusStores stores,
    TimeProvider time,
    IOptions<ApiOptions> options,
    ILogger<NotificationEndpoints> logger) : IEndpointModule
{
    public const string SubmitRoute = "/v1/namespaces/{namespace}/channels/{channel}/notifications";
    public const string BulkRoute = "/v1/namespaces/{namespace}/channels/{channel}/notifications:bulk";
    public const string StatusRoute = "/v1/notifications/{id}";

    private const int BulkConcurrency = 16;

    public static string StatusUrl(string id) => "/v1/notifications/" + Uri.EscapeDataString(id);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SubmitRoute, SubmitAsync);
        endpoints.MapPost(BulkRoute, SubmitBulkAsync);
        endpoints.MapGet(StatusRoute, GetAsync);
        endpoints.MapDelete(StatusRoute, CancelAsync);
    }

    private async Task<IResult> SubmitAsync(HttpContext context, string @namespace, string channel)
    {
        if (Authorize(context, @namespace, out _) is { } denied)
        {
            return denied;
        }

        if (ApiRuntime(@namespace, channel) is not { } runtime)
        {
            return UnknownChannel(@namespace, channel);
        }

        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(options.Value.MaxBodyBytes);
        }

        SubmitOutcome outcome;
        try
        {
            outcome = await submitter.SubmitAsync(runtime, body.Value, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or InvalidOperationException)
        {
            logger.ApiSubmitFailed(runtime.Key, e.Message);
            return Unavailable();
        }

        if (!outcome.IsValid)
        {
            return Problems.Invalid(outcome.Errors);
        }

        return Results.Json(Accepted(outcome), statusCode: StatusCodes.Status202Accepted);
    }

    private async Task<IResult> SubmitBulkAsync(HttpContext context, string @namespace, string channel)
    {
        if (Authorize(context, @namespace, out _) is { } denied)
        {
            return denied;
        }

        if (ApiRuntime(@namespace, channel) is not { } runtime)
        {
            return UnknownChannel(@namespace, channel);
        }

        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxBulkBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(options.Value.MaxBulkBodyBytes);
        }

        if (StrictJson.Check(body.Value.Span) is { } problem)
        {
            return Problems.Invalid([problem]);
        }

        var root = JsonNode.Parse(body.Value.Span, documentOptions: new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });

        // Either {"notifications": [...]} or one notification (typically with a recipient list).
        if (root is not JsonObject obj)
        {
            return Problems.Invalid([new FieldError("", "the body must be a JSON object: {\"notifications\": [...]} or one notification")]);
        }

        if (obj["notifications"] is not { } list)
        {
            var single = await submitter.SubmitAsync(runtime, obj, context.RequestAborted).ConfigureAwait(false);
            return BulkAnswer([single]);
        }

        if (list is not JsonArray items || items.Count == 0)
        {
            return Problems.Invalid([new FieldError("notifications", "field 'notifications' must be a non-empty list")]);
        }

        if (items.Count > ApiOptions.MaxBulkItems)
        {
            return Problems.Invalid([new FieldError("notifications", $"field 'notifications' lists more than {ApiOptions.MaxBulkItems} notifications")]);
        }

        var outcomes = new SubmitOutcome[items.Count];
        using var slots = new SemaphoreSlim(BulkConcurrency);
        await Task.WhenAll(items.Select(async (item, index) =>
        {
            await slots.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            try
            {
                outcomes[index] = item is JsonObject one
                    ? await submitter.SubmitAsync(runtime, one, context.RequestAborted).ConfigureAwait(false)
                    : SubmitOutcome.Invalid(null, [new FieldError("", "each notification must be a JSON object")]);
            }
            catch (Exception e) when (e is NatsException or InvalidOperationException)
            {
                logger.ApiSubmitFailed(runtime.Key, e.Message);
                outcomes[index] = SubmitOutcome.Invalid(item?["id"]?.ToString(), [new FieldError("", "NATS is unavailable; submit this notification again")]);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);

        return BulkAnswer(outcomes);
    }

    private async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (Authorize(context, null, out var client) is { } denied)
        {
            return denied;
        }

        var found = await FindAsync(client!, id, context.RequestAborted).ConfigureAwait(false);
        return found is null
            ? NotFound(id)
            : Results.Json(found.Value.Entry.Record, StatusJson.Options);
    }

    private async Task<IResult> CancelAsync(HttpContext context, string id)
    {
        if (Authorize(context, null, out var client) is { } denied)
        {
            return denied;
        }

        // Each round re-reads; a lost compare-and-set means the dispatcher moved the notification, so decide again.
        for (var round = 0; round < 4; round++)
        {
            if (await FindAsync(client!, id, context.RequestAborted).ConfigureAwait(false) is not { } found)
            {
                return NotFound(id);
            }

            var (store, entry) = found;
            var record = entry.Record;
            var now = time.GetUtcNow();
            if (record.State == NotificationState.Cancelled)
            {
                return Results.Json(record, StatusJson.Options);
            }

            var cancellable = record.State is NotificationState.Scheduled or NotificationState.Retrying
                || (record.State == NotificationState.Accepted && record.SendAt > now);
            if (!cancellable)
            {
                return Problems.Status(
                    StatusCodes.Status409Conflict,
                    "The notification can no longer be cancelled",
                    $"notification {id} is {record.State.WireName()}; only scheduled notifications and notifications waiting for a retry can be cancelled");
            }

            var cancelled = record with { State = NotificationState.Cancelled, Reason = $"cancelled through the API by {client!.Name}", UpdatedAt = now, NextAttemptAt = null };
            if (await store.TryWriteAsync(cancelled, entry.Revision, context.RequestAborted).ConfigureAwait(false) is { } written)
            {
                logger.ApiNotificationCancelled(record.Namespace + "/" + record.Channel, id, client.Name);
                return Results.Json(written.Record, StatusJson.Options);
            }
        }

        return Problems.Status(StatusCodes.Status409Conflict, "The notification keeps changing", $"notification {id} changed state while cancelling; try again");
    }

    /// <summary>Looks the id up in the status buckets of the API-enabled Channels of the client's namespaces.</summary>
    private async Task<(ChannelStatusStore Store, StatusEntry Entry)?> FindAsync(ApiClient client, string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > MessageDecoder.MaxIdLength + 8)
        {
            return null;
        }

        foreach (var runtime in runtimes.All.Where(r => client.Namespaces.Contains(r.Namespace) && IsEnabled(r)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (await stores.GetAsync(runtime, cancellationToken).ConfigureAwait(false) is { } store
                && await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                return (store, entry);
            }
        }

        return null;
    }

    /// <summary>Authenticates, applies the client's rate limit and, for Channel routes, the namespace scope; null when the request may go on.</summary>
    private IResult? Authorize(HttpContext context, string? @namespace, out ApiClient? client)
    {
        client = authenticator.Authenticate(context.Request.Headers.Authorization.ToString());
        if (client is null)
        {
            logger.ApiUnauthenticated(context.Request.Path.Value ?? "", context.Connection.RemoteIpAddress?.ToString());
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Status(StatusCodes.Status401Unauthorized, "A valid bearer token is required", "send Authorization: Bearer <token> with a token from the Channel's tokensSecretRef");
        }

        if (rateLimiter.TryAcquire(client) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"client {client.Name} exceeded its rate limit");
        }

        if (@namespace is not null && !client.Namespaces.Contains(@namespace))
        {
            logger.ApiForbidden(client.Name, @namespace);
            return Problems.Status(StatusCodes.Status403Forbidden, "The token is not valid for this namespace", $"client {client.Name} may not use namespace {@namespace}");
        }

        return null;
    }

    private ChannelRuntime? ApiRuntime(string @namespace, string channel) =>
        runtimes.Get(@namespace, channel) is { } runtime && IsEnabled(runtime) ? runtime : null;

    private bool IsEnabled(ChannelRuntime runtime) => options.Value.Enabled || runtime.Channel.Spec.Api?.Enabled == true;

    private static IResult UnknownChannel(string @namespace, string channel) =>
        Problems.Status(StatusCodes.Status404NotFound, "Unknown Channel", $"this dispatcher serves no API-enabled Channel {@namespace}/{channel}");

    private static IResult NotFound(string id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Unknown notification", $"no notification {id} in the namespaces of this token");

    private static IResult Unavailable() =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "the notification was not accepted; submit it again (the same id is never sent twice)");

    private static IResult TooLarge(int limit) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"the limit is {limit} bytes");

    private static AcceptedNotification Accepted(SubmitOutcome outcome) => new(outcome.Id!, outcome.State!, outcome.StatusUrl);

    private static IResult BulkAnswer(IReadOnlyList<SubmitOutcome> outcomes)
    {
        var items = outcomes.Select((o, i) => new BulkItemResult(
            i,
            o.Id,
            o.IsValid ? o.State : "invalid",
            o.IsValid ? o.StatusUrl : null,
            o.IsValid ? null : Problems.Errors(o.Errors))).ToList();
        var accepted = items.Count(i => i.Errors is null);
        var answer = new BulkResult(accepted, items.Count - accepted, items);
        return Results.Json(answer, statusCode: accepted == items.Count ? StatusCodes.Status202Accepted : StatusCodes.Status207MultiStatus);
    }
}
