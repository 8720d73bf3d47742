using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>GET, PUT, PATCH (JSON merge patch) and DELETE of a recipient's preferences in a namespace, for clients whose token is valid for it.</summary>
public sealed class PreferenceEndpoints(PreferenceStore store, RecipientMetrics metrics) : IEndpointModule
{
    public const string Route = "/v1/namespaces/{namespace}/recipients/{recipient}/preferences";
    public const int MaxBodyBytes = 16 * 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var preferences = endpoints.MapGroup(Route).RequireNamespaceAccess()
            .AddEndpointFilter<RecipientRouteFilter>()
            .AddEndpointFilter(new NatsUnavailableFilter("the preferences were not read or changed; try again"));
        preferences.MapGet("", GetAsync);
        preferences.MapPut("", PutAsync);
        preferences.MapPatch("", PatchAsync);
        preferences.MapDelete("", DeleteAsync);
    }

    private async Task<IResult> GetAsync(HttpContext context, string @namespace, string recipient) =>
        await store.GetAsync(@namespace, recipient, context.RequestAborted).ConfigureAwait(false) is { } found
            ? Results.Json(found, RecipientJson.Options)
            : NoPreferences(@namespace);

    private async Task<IResult> PutAsync(HttpContext context, string @namespace, string recipient)
    {
        var (preferences, problem) = await ReadAsync(context, null).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var stored = await store.PutAsync(@namespace, recipient, preferences!, context.RequestAborted).ConfigureAwait(false);
        metrics.CountOptOut(@namespace, "api", optOut: stored.OptOut.Categories.Count + stored.OptOut.ChannelTypes.Count > 0);
        return Results.Json(stored, RecipientJson.Options);
    }

    private async Task<IResult> PatchAsync(HttpContext context, string @namespace, string recipient)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        JsonObject patch;
        try
        {
            patch = JsonNode.Parse(body.Value.Span) as JsonObject ?? throw new JsonException("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            return Problems.Invalid([new FieldError("", $"malformed JSON merge patch: {e.Message}")]);
        }

        IResult? invalid = null;
        var updated = await store.UpdateAsync(@namespace, recipient, current =>
        {
            var document = JsonSerializer.SerializeToNode(current, RecipientJson.Options)!.AsObject();
            MergePatch.Apply(document, patch);
            document.Remove("updatedAt");
            var (merged, problem) = Parse(document.ToJsonString());
            invalid = problem;
            return merged ?? current;
        }, context.RequestAborted).ConfigureAwait(false);
        return invalid ?? Results.Json(updated, RecipientJson.Options);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string @namespace, string recipient) =>
        await store.DeleteAsync(@namespace, recipient, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : NoPreferences(@namespace);

    private static IResult NoPreferences(string @namespace) =>
        Problems.Status(StatusCodes.Status404NotFound, "No preferences", $"the recipient has no preferences in namespace {@namespace}");

    private static async Task<(RecipientPreferences? Preferences, IResult? Problem)> ReadAsync(HttpContext context, RecipientPreferences? fallback)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (fallback, Problems.TooLarge(MaxBodyBytes));
        }

        return Parse(System.Text.Encoding.UTF8.GetString(body.Value.Span));
    }

    private static (RecipientPreferences? Preferences, IResult? Problem) Parse(string json)
    {
        RecipientPreferences? preferences;
        try
        {
            preferences = JsonSerializer.Deserialize<RecipientPreferences>(json, RecipientJson.Options);
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid([new FieldError("", $"malformed preferences: {e.Message}")]));
        }

        if (preferences is null)
        {
            return (null, Problems.Invalid([new FieldError("", "the body must be a preferences object")]));
        }

        preferences = preferences with { OptOut = preferences.OptOut ?? new OptOutSet() };
        var errors = PreferencesValidator.Validate(preferences);
        return errors.Count > 0 ? (null, Problems.Invalid(errors)) : (preferences with { UpdatedAt = null }, null);
    }
}
