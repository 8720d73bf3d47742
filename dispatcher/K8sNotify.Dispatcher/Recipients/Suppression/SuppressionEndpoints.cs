using System.Text.Json.Serialization;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;

namespace K8sNotify.Dispatcher.Recipients.Suppression;

/// <summary>List, add and remove entries of a Channel's suppression list, for clients whose token is valid for its namespace.</summary>
public sealed class SuppressionEndpoints(SuppressionStore store, RecipientMetrics metrics) : IEndpointModule
{
    public const string ListRoute = "/v1/namespaces/{namespace}/channels/{channel}/suppressions";
    public const string EntryRoute = "/v1/namespaces/{namespace}/channels/{channel}/suppressions/{recipient}";
    public const string ApiSource = "api";
    public const int MaxBodyBytes = 8 * 1024;
    public const int MaxReasonLength = 512;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var unavailable = new NatsUnavailableFilter("the suppression list was not read or changed; try again");
        var list = endpoints.MapGroup(ListRoute).RequireNamespaceAccess().AddEndpointFilter<ApiChannelFilter>().AddEndpointFilter(unavailable);
        list.MapGet("", ListAsync);
        list.MapPost("", AddAsync);
        var entry = endpoints.MapGroup(EntryRoute).RequireNamespaceAccess().AddEndpointFilter<ApiChannelFilter>().AddEndpointFilter<RecipientRouteFilter>().AddEndpointFilter(unavailable);
        entry.MapGet("", GetAsync);
        entry.MapDelete("", RemoveAsync);
    }

    private async Task<IResult> ListAsync(HttpContext context, string @namespace, string channel) =>
        Results.Json(new SuppressionList(await store.ListAsync(@namespace, channel, context.RequestAborted).ConfigureAwait(false)), RecipientJson.Options);

    private async Task<IResult> GetAsync(HttpContext context, string @namespace, string channel, string recipient) =>
        await store.GetAsync(@namespace, channel, recipient, context.RequestAborted).ConfigureAwait(false) is { } entry
            ? Results.Json(entry, RecipientJson.Options)
            : NotListed(@namespace, channel);

    private async Task<IResult> AddAsync(HttpContext context, string @namespace, string channel)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync<NewSuppression>(context, MaxBodyBytes, RecipientJson.Options).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(request, out var ttl) is { Count: > 0 } errors)
        {
            return Problems.Invalid(errors);
        }

        var runtime = ApiChannelFilter.ChannelOf(context);
        var entry = await store.AddAsync(
            @namespace, channel, request!.Recipient!, request.Reason ?? "added through the API", ApiSource, ttl ?? RecipientGate.SuppressionTtl(runtime), context.RequestAborted).ConfigureAwait(false);
        metrics.CountAdded(@namespace, channel, ApiSource);
        return Results.Json(entry, RecipientJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> RemoveAsync(HttpContext context, string @namespace, string channel, string recipient) =>
        await store.RemoveAsync(@namespace, channel, recipient, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : NotListed(@namespace, channel);

    private static List<FieldError> Validate(NewSuppression? request, out TimeSpan? ttl)
    {
        var errors = new List<FieldError>();
        if (request?.Recipient is not { } recipient || !RecipientRouteFilter.IsValid(recipient))
        {
            errors.Add(new FieldError("recipient", $"field 'recipient' is required (1 to {RecipientRouteFilter.MaxRecipientLength} characters)"));
        }

        ttl = null;
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

        if (request?.Reason is { Length: > MaxReasonLength })
        {
            errors.Add(new FieldError("reason", $"field 'reason' is longer than {MaxReasonLength} characters"));
        }

        return errors;
    }

    private static IResult NotListed(string @namespace, string channel) =>
        Problems.Status(StatusCodes.Status404NotFound, "Not on the suppression list", $"the recipient is not on the suppression list of Channel {@namespace}/{channel}");

    /// <summary>The body of an addition.</summary>
    private sealed record NewSuppression(
        [property: JsonPropertyName("recipient")] string? Recipient,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("ttl")] string? Ttl);

    /// <summary>The answer of a listing.</summary>
    private sealed record SuppressionList([property: JsonPropertyName("items")] IReadOnlyList<SuppressionEntry> Items);
}
