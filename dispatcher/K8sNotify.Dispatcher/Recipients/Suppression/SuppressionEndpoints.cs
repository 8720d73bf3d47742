using System.Text.Json;
using System.Text.Json.Serialization;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Recipients.Suppression;

/// <summary>List, add and remove entries of a Channel's suppression list, for clients whose token is valid for its namespace.</summary>
public sealed class SuppressionEndpoints(SuppressionStore store, RecipientMetrics metrics) : IEndpointModule
{
    public const string ListRoute = "/v1/namespaces/{namespace}/channels/{channel}/suppressions";
    public const string EntryRoute = "/v1/namespaces/{namespace}/channels/{channel}/suppressions/{recipient}";
    public const string ApiSource = "api";
    public const int MaxBodyBytes = 8 * 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var list = endpoints.MapGroup(ListRoute).RequireNamespaceAccess().AddEndpointFilter<ApiChannelFilter>();
        list.MapGet("", ListAsync);
        list.MapPost("", AddAsync);
        var entry = endpoints.MapGroup(EntryRoute).RequireNamespaceAccess().AddEndpointFilter<ApiChannelFilter>().AddEndpointFilter<RecipientRouteFilter>();
        entry.MapGet("", GetAsync);
        entry.MapDelete("", RemoveAsync);
    }

    private async Task<IResult> ListAsync(HttpContext context, string @namespace, string channel)
    {
        return await GuardAsync(async () => Results.Json(
            new SuppressionList(await store.ListAsync(@namespace, channel, context.RequestAborted).ConfigureAwait(false)), RecipientJson.Options)).ConfigureAwait(false);
    }

    private async Task<IResult> GetAsync(HttpContext context, string @namespace, string channel, string recipient)
    {
        return await GuardAsync(async () => await store.GetAsync(@namespace, channel, recipient, context.RequestAborted).ConfigureAwait(false) is { } entry
            ? Results.Json(entry, RecipientJson.Options)
            : NotListed(@namespace, channel)).ConfigureAwait(false);
    }

    private async Task<IResult> AddAsync(HttpContext context, string @namespace, string channel)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"the limit is {MaxBodyBytes} bytes");
        }

        NewSuppression? request;
        try
        {
            request = JsonSerializer.Deserialize<NewSuppression>(body.Value.Span, RecipientJson.Options);
        }
        catch (JsonException e)
        {
            return Problems.Invalid([new FieldError("", $"malformed JSON: {e.Message}")]);
        }

        var errors = new List<FieldError>();
        if (request?.Recipient is not { } recipient || !RecipientRouteFilter.IsValid(recipient))
        {
            errors.Add(new FieldError("recipient", $"field 'recipient' is required (1 to {RecipientRouteFilter.MaxRecipientLength} characters)"));
        }

        TimeSpan? ttl = null;
        if (request?.Ttl is { } ttlText)
        {
            if (Durations.TryParse(ttlText, out var parsed) && parsed > TimeSpan.Zero)
            {
                ttl = parsed;
            }
            else
            {
                errors.Add(new FieldError("ttl", "field 'ttl' must be a duration such as 720h"));
            }
        }

        if (request?.Reason is { Length: > 512 })
        {
            errors.Add(new FieldError("reason", "field 'reason' is longer than 512 characters"));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var runtime = ApiChannelFilter.ChannelOf(context);
        return await GuardAsync(async () =>
        {
            var entry = await store.AddAsync(
                @namespace, channel, request!.Recipient!, request.Reason ?? "added through the API", ApiSource, ttl ?? RecipientGate.SuppressionTtl(runtime), context.RequestAborted).ConfigureAwait(false);
            metrics.CountAdded(@namespace, channel, ApiSource);
            return Results.Json(entry, RecipientJson.Options, statusCode: StatusCodes.Status201Created);
        }).ConfigureAwait(false);
    }

    private async Task<IResult> RemoveAsync(HttpContext context, string @namespace, string channel, string recipient)
    {
        return await GuardAsync(async () => await store.RemoveAsync(@namespace, channel, recipient, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : NotListed(@namespace, channel)).ConfigureAwait(false);
    }

    private static IResult NotListed(string @namespace, string channel) =>
        Problems.Status(StatusCodes.Status404NotFound, "Not on the suppression list", $"the recipient is not on the suppression list of Channel {@namespace}/{channel}");

    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NatsException)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "the suppression list was not read or changed; try again");
        }
    }

    /// <summary>The body of an addition.</summary>
    private sealed record NewSuppression(
        [property: JsonPropertyName("recipient")] string? Recipient,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("ttl")] string? Ttl);

    /// <summary>The answer of a listing.</summary>
    private sealed record SuppressionList([property: JsonPropertyName("items")] IReadOnlyList<SuppressionEntry> Items);
}
