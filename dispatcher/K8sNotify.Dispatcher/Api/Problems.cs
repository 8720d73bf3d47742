using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Api;

/// <summary>RFC 9457 problem+json answers of the API.</summary>
public static class Problems
{
    /// <summary>The key of a problem with the whole body rather than one field.</summary>
    public const string BodyField = "$";

    public static IResult Invalid(IReadOnlyList<FieldError> errors) =>
        Results.ValidationProblem(Errors(errors), title: "The notification is invalid", detail: errors[0].Message);

    public static Dictionary<string, string[]> Errors(IReadOnlyList<FieldError> errors) =>
        errors.GroupBy(e => e.Field.Length == 0 ? BodyField : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    public static IResult Status(int status, string title, string? detail = null) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>413 for a body longer than <paramref name="limit"/> bytes.</summary>
    public static IResult TooLarge(int limit) =>
        Status(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"the limit is {limit} bytes");
}
