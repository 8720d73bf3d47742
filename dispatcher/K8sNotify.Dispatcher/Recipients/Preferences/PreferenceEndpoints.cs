using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>GET, PUT, PATCH (JSON merge patch) and DELETE of a recipient's preferences in a namespace, for clients whose token is valid for it.</summary>
public sealed class PreferenceEndpoints(PreferenceStore store, RecipientMetrics metrics) : IEndpointModule
{
    public const string Route = "/v1/namespaces/{namespace}/recipients/{recipient}/preferences";
    public const int MaxBodyBytes = 16 * 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var preferences = endpoints.MapGroup(Route).RequireNamespaceAccess().AddEndpointFilter<RecipientRouteFilter>();
        preferences.MapGet("", GetAsync);
        preferences.MapPut("", PutAsync);
        preferences.MapPatch("", PatchAsync);
        preferences.MapDelete("", DeleteAsync);
    }

    private async Task<IResult> GetAsync(HttpContext context, string @namespace, string recipient)
    {
        return await GuardAsync(async () => await store.GetAsync(@namespace, recipient, context.RequestAborted).ConfigureAwait(false) is { } found
            ? Results.Json(found, RecipientJson.Options)
            : Problems.Status(StatusCodes.Status404NotFound, "No preferences", $"the recipient has no preferences in namespace {@namespace}")).ConfigureAwait(false);
    }

    private async Task<IResult> PutAsync(HttpContext context, string @namespace, string recipient)
    {
        var (preferences, problem) = await ReadAsync(context, null).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return await GuardAsync(async () =>
        {
            var stored = await store.PutAsync(@namespace, recipient, preferences!, context.RequestAborted).ConfigureAwait(false);
            metrics.CountOptOut(@namespace, "api", optOut: stored.OptOut.Categories.Count + stored.OptOut.ChannelTypes.Count > 0);
            return Results.Json(stored, RecipientJson.Options);
        }).ConfigureAwait(false);
    }

    private async Task<IResult> PatchAsync(HttpContext context, string @namespace, string recipient)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"the limit is {MaxBodyBytes} bytes");
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

        return await GuardAsync(async () =>
        {
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
        }).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string @namespace, string recipient)
    {
        return await GuardAsync(async () => await store.DeleteAsync(@namespace, recipient, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : Problems.Status(StatusCodes.Status404NotFound, "No preferences", $"the recipient has no preferences in namespace {@namespace}")).ConfigureAwait(false);
    }

    private static async Task<(RecipientPreferences? Preferences, IResult? Problem)> ReadAsync(HttpContext context, RecipientPreferences? fallback)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (fallback, Problems.Status(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"the limit is {MaxBodyBytes} bytes"));
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

    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NatsException)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "NATS is unavailable", "the preferences were not read or changed; try again");
        }
    }
}
