using System.Net;
using System.Net.Http.Headers;

namespace K8sNotify.Dispatcher.Providers.Http;

/// <summary>The HTTP plumbing shared by the HTTP providers: one pooled client per provider instance and Retry-After parsing.</summary>
public static class ProviderHttp
{
    /// <summary>How long a pooled connection lives, so DNS changes of the backend are picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);

    public const int MaxConnectionsPerServer = 64;

    /// <summary>The longest Retry-After honoured; a backend asking for more is treated as asking for this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    public const string UserAgent = "k8snotify-dispatcher";

    /// <summary>
    /// Creates the client of one provider instance. The request timeout comes from the resilience pipeline's
    /// cancellation, never from <see cref="HttpClient.Timeout"/>; redirects are not followed so a signed or
    /// authenticated request never goes to a host nobody configured.
    /// </summary>
    public static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = PooledConnectionLifetime,
            PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = MaxConnectionsPerServer,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    /// <summary>The Retry-After of a response (seconds or an HTTP date), bounded by <see cref="MaxRetryAfter"/>; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider time)
    {
        var value = headers.RetryAfter;
        if (value is null)
        {
            return null;
        }

        TimeSpan? delay = value.Delta ?? (value.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d)
        {
            return null;
        }

        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryAfter ? MaxRetryAfter : d;
    }

    /// <summary>
    /// A header value taken from the notification, checked before it is written: HTTP/1.1 headers carry visible ASCII
    /// and spaces only, and the client would otherwise fail the request as if the connection had failed.
    /// </summary>
    /// <exception cref="MessageContentException">The value cannot be sent.</exception>
    public static string MessageHeader(string header, string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new MessageContentException($"the notification's {header} header value is not printable ASCII (U+{((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)}); the notification cannot be sent through this provider");
            }
        }

        return value;
    }

    /// <summary>True for the statuses every HTTP provider treats as transient: 408, 429 and 5xx.</summary>
    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;

    /// <summary>Combines a base URL (with an optional path prefix) and an absolute path.</summary>
    public static Uri Combine(Uri baseUrl, string pathAndQuery)
    {
        var prefix = baseUrl.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(baseUrl.Scheme, baseUrl.Host, baseUrl.Port);
        var questionMark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        builder.Path = prefix + (questionMark < 0 ? pathAndQuery : pathAndQuery[..questionMark]);
        if (questionMark >= 0)
        {
            builder.Query = pathAndQuery[(questionMark + 1)..];
        }

        return builder.Uri;
    }

    /// <summary>Parses an http(s) base URL from a Provider spec, or throws a configuration error naming the field.</summary>
    public static Uri ParseBaseUrl(string? value, string fallback, string field)
    {
        var text = string.IsNullOrWhiteSpace(value) ? fallback : value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ProviderConfigurationException($"{field} must be an http or https URL");
        }

        return uri;
    }
}
