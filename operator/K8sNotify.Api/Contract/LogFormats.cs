namespace K8sNotify.Api.Contract;

/// <summary>The console log formats of the operator and the dispatcher (<c>--log-format</c>).</summary>
public static class LogFormats
{
    /// <summary>One JSON object per line with the scopes (notification id, Channel): for log collectors; the default in a cluster.</summary>
    public const string Json = "json";

    /// <summary>The readable multi-line console format; the default when run locally.</summary>
    public const string Text = "text";

    public static IReadOnlyList<string> All { get; } = [Json, Text];

    /// <summary>True for <c>json</c> (any case); anything else is text.</summary>
    public static bool IsJson(string? format) => string.Equals(format, Json, StringComparison.OrdinalIgnoreCase);
}
