using System.Net;

namespace K8sNotify.Client;

/// <summary>
/// The dispatcher's HTTP API refused a request with an RFC 9457 problem: bad input (400 with <see cref="Errors"/> by
/// field), a missing or wrong token (401, 403), an unknown Channel or id (404), a state that forbids the request
/// (409), a body too large (413), the client's rate limit (429 with <see cref="RetryAfter"/>) or NATS being down (503).
/// </summary>
public sealed class K8sNotifyApiException : Exception
{
    /// <summary>Creates the exception for one problem answer.</summary>
    public K8sNotifyApiException(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null)
        : base(Describe(statusCode, title, detail))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message only (for serializers and tests).</summary>
    public K8sNotifyApiException()
        : this(HttpStatusCode.InternalServerError, null, null)
    {
    }

    /// <summary>Creates the exception with a message only (for serializers and tests).</summary>
    public K8sNotifyApiException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public K8sNotifyApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title (what went wrong).</summary>
    public string? Title { get; }

    /// <summary>The problem's detail (this occurrence).</summary>
    public string? Detail { get; }

    /// <summary>The problems by field (<c>id</c>, <c>to[1]</c>, <c>data.order</c>, <c>$</c> for the whole body); empty when none were named.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>How long to wait before trying again, when the dispatcher said so (429).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the same request may succeed later unchanged (429 and 5xx); 4xx input problems never will.</summary>
    public bool IsTransient => StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;

    private static string Describe(HttpStatusCode statusCode, string? title, string? detail) =>
        $"K8sNotify API answered {(int)statusCode}: {title ?? statusCode.ToString()}{(detail is null ? "" : ": " + detail)}";
}
