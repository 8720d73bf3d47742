using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Api;

/// <summary>
/// The notification API: submit (single and bulk), read the status, cancel. Every route requires a client signed in by
/// the bearer scheme (Channel routes: one whose token is valid for the namespace) and is rate limited per client; a
/// Channel serves it when <c>spec.api.enabled</c> or <c>--api</c>.
/// </summary>
public sealed class NotificationEndpoints(
    ApiChannels channels,
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

    /// <summary>Bulk bodies read at the same time (each at most API_MAX_BULK_BODY_BYTES); the others wait their turn.</summary>
    public const int MaxConcurrentBulkBodies = 4;

    private static readonly SemaphoreSlim BulkSlots = new(MaxConcurrentBulkBodies, MaxConcurrentBulkBodies);

    /// <summary>The status URL of a notification; ids of the alphabet need no escaping, the bulk suffix's ':' is escaped anyway.</summary>
    public static string StatusUrl(string id) => "/v1/notifications/" + Uri.EscapeDataString(id);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SubmitRoute, (Delegate)SubmitAsync).RequireNamespaceAccess().AddEndpointFilter<ApiChannelFilter>();
        endpoints.MapPost(BulkRoute, (Delegate)SubmitBulkAsync).RequireNamespaceAccess().AddEndpointFilter<ApiChannelFilter>();
        endpoints.MapGet(StatusRoute, GetAsync).RequireApiClient();
        endpoints.MapDelete(StatusRoute, CancelAsync).RequireApiClient();
    }

    private async Task<IResult> SubmitAsync(HttpContext context)
    {
        var runtime = ApiChannelFilter.ChannelOf(context);
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.TooLarge(options.Value.MaxBodyBytes);
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

    private async Task<IResult> SubmitBulkAsync(HttpContext context)
    {
        var runtime = ApiChannelFilter.ChannelOf(context);

        // Bulk bodies are the large ones: only a few are held at once, so memory stays bounded however many arrive.
        await BulkSlots.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            return await SubmitBulkBodyAsync(context, runtime).ConfigureAwait(false);
        }
        finally
        {
            BulkSlots.Release();
        }
    }

    private async Task<IResult> SubmitBulkBodyAsync(HttpContext context, ChannelRuntime runtime)
    {
        var read = await new BulkBodyReader(options.Value.MaxBulkBodyBytes, ApiOptions.MaxBulkItems)
            .ReadAsync(context.Request.Body, context.Request.ContentLength, context.RequestAborted).ConfigureAwait(false);
        switch (read.Refusal)
        {
            case BulkRefusal.TooLarge:
                return Problems.TooLarge(options.Value.MaxBulkBodyBytes);
            case BulkRefusal.TooManyItems:
                return Problems.Invalid([new FieldError("notifications", $"field 'notifications' lists more than {ApiOptions.MaxBulkItems} notifications")]);
        }

        var body = read.Body;
        if (StrictJson.Check(body.Span) is { } problem)
        {
            return Problems.Invalid([problem]);
        }

        // Either {"notifications": [...]} or one notification (typically with a recipient list).
        if (read.Items is not { } ranges)
        {
            if (JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth }) is not JsonObject obj)
            {
                return Problems.Invalid([new FieldError("", "the body must be a JSON object: {\"notifications\": [...]} or one notification")]);
            }

            var single = await submitter.SubmitAsync(runtime, obj, context.RequestAborted).ConfigureAwait(false);
            return BulkAnswer([single]);
        }

        if (ranges.Count == 0)
        {
            return Problems.Invalid([new FieldError("notifications", "field 'notifications' must be a non-empty list")]);
        }

        var items = ranges.Select(r => JsonNode.Parse(body.Span[r], documentOptions: new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth })).ToList();
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
        var found = await FindAsync(SignedIn(context), id, context.RequestAborted).ConfigureAwait(false);
        return found is null
            ? NotFound(id)
            : Results.Json(found.Value.Entry.Record, StatusJson.Options);
    }

    private async Task<IResult> CancelAsync(HttpContext context, string id)
    {
        var client = SignedIn(context);

        // Each round re-reads; a lost compare-and-set means the dispatcher moved the notification, so decide again.
        for (var round = 0; round < 4; round++)
        {
            if (await FindAsync(client, id, context.RequestAborted).ConfigureAwait(false) is not { } found)
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

            var cancellable = record.State is NotificationState.Scheduled or NotificationState.Waiting or NotificationState.Retrying
                || (record.State == NotificationState.Accepted && record.SendAt > now);
            if (!cancellable)
            {
                return Problems.Status(
                    StatusCodes.Status409Conflict,
                    "The notification can no longer be cancelled",
                    $"notification {id} is {record.State.WireName()}; only scheduled notifications and notifications waiting for a rate limit or a retry can be cancelled");
            }

            var cancelled = record with { State = NotificationState.Cancelled, Reason = $"cancelled through the API by {client.Name}", UpdatedAt = now, NextAttemptAt = null };
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
        if (!NotificationIds.IsValidNotificationId(id))
        {
            return null;
        }

        foreach (var runtime in channels.In(client.Namespaces))
        {
            if (await stores.GetAsync(runtime, cancellationToken).ConfigureAwait(false) is { } store
                && await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                return (store, entry);
            }
        }

        return null;
    }

    /// <summary>The client the bearer scheme signed in; the endpoints' authorization policy guarantees one.</summary>
    private static ApiClient SignedIn(HttpContext context) =>
        ApiClient.FromPrincipal(context.User) ?? throw new InvalidOperationException("the endpoint requires a signed-in API client");

    private static IResult NotFound(string id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Unknown notification", $"no notification {id} in the namespaces of this token");

    private static IResult Unavailable() =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "the notification was not accepted; submit it again (the same id is never sent twice)");

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
