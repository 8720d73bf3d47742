using System.Net;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>What one API call produced: an object, or a <c>Status</c> failure in the API server's JSON shape.</summary>
internal sealed record ApiResult(HttpStatusCode Code, JsonObject Body)
{
    public bool IsSuccess => (int)Code < 400;

    public static ApiResult Ok(JsonObject obj, HttpStatusCode code = HttpStatusCode.OK) => new(code, (JsonObject)obj.DeepClone());

    public static ApiResult Fail(HttpStatusCode code, string reason, string message, JsonObject? details = null) =>
        new(code, Status(code, reason, message, details));

    public static ApiResult NotFound(FakeResource resource, string name) =>
        Fail(HttpStatusCode.NotFound, "NotFound", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" not found", Details(resource, name));

    public static ApiResult Conflict(FakeResource resource, string name) =>
        Fail(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {resource.Plural}{GroupSuffix(resource)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(resource, name));

    public static ApiResult AlreadyExists(FakeResource resource, string name) =>
        Fail(HttpStatusCode.Conflict, "AlreadyExists", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" already exists", Details(resource, name));

    public static ApiResult BadRequest(string message) => Fail(HttpStatusCode.BadRequest, "BadRequest", message);

    /// <summary>422 Invalid with one cause per "field: message" error, as kubectl prints them.</summary>
    public static ApiResult Invalid(FakeResource resource, string name, IReadOnlyList<string> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            var split = error.IndexOf(": ", StringComparison.Ordinal);
            var field = split > 0 ? error[..split] : string.Empty;
            var message = split > 0 ? error[(split + 2)..] : error;
            causes.Add(new JsonObject
            {
                ["reason"] = message.StartsWith("Required value", StringComparison.Ordinal) ? "FieldValueRequired" : "FieldValueInvalid",
                ["message"] = message,
                ["field"] = field,
            });
        }

        var details = Details(resource, name);
        details["kind"] = resource.Kind;
        details["causes"] = causes;
        var summary = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
        return Fail(HttpStatusCode.UnprocessableEntity, "Invalid", $"{resource.Kind}{GroupSuffix(resource, '.')} \"{name}\" is invalid: {summary}", details);
    }

    /// <summary>The Status object the API server answers failures with.</summary>
    public static JsonObject Status(HttpStatusCode code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = (int)code;
        return status;
    }

    private static JsonObject Details(FakeResource resource, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Plural;
        return details;
    }

    private static string GroupSuffix(FakeResource resource, char separator = '.') =>
        resource.Group.Length == 0 ? string.Empty : separator + resource.Group;
}
