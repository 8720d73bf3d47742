using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Http;

namespace K8sNotify.Dispatcher.Providers.Webhook;

/// <summary>
/// POSTs each notification as JSON to a receiver with an <c>Idempotency-Key</c> and, when configured, an HMAC-SHA256
/// signature over timestamp and body. 2xx accepted; 408, 429, 5xx and connection errors transient; 401/403 and
/// redirects misconfigured (the key or URL is wrong, another provider may work); other 4xx permanent. A notification id
/// that cannot be a header throws <see cref="MessageContentException"/> before anything is sent.
/// </summary>
public sealed class WebhookProvider : INotificationProvider, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly Uri _url;
    private readonly byte[]? _hmacKey;
    private readonly string _signatureHeader;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly WebhookBodySource _bodyFrom;

    public WebhookProvider(
        string name, Uri url, byte[]? hmacKey, string signatureHeader, IReadOnlyDictionary<string, string>? headers, TimeProvider time,
        WebhookBodySource bodyFrom = WebhookBodySource.Envelope)
    {
        _bodyFrom = bodyFrom;
        Name = name;
        _url = url;
        _hmacKey = hmacKey;
        _signatureHeader = signatureHeader;
        _headers = headers is null ? [] : [.. headers];
        _time = time;
        _http = ProviderHttp.CreateClient();
    }

    public string Name { get; }

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        byte[] body;
        if (_bodyFrom == WebhookBodySource.Template)
        {
            if (TemplateBody(notification, out var error) is not { } rendered)
            {
                return DeliveryResult.Permanent(error!);
            }

            body = rendered;
        }
        else
        {
            body = WebhookPayload.Serialize(notification);
        }

        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        foreach (var (header, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, ProviderHttp.MessageHeader(WebhookSignature.IdempotencyKeyHeader, notification.NotificationId));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        if (_hmacKey is not null)
        {
            request.Headers.Add(_signatureHeader, WebhookSignature.Compute(_hmacKey, timestamp, body));
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return Classify(response, _time);
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Transient($"connection failed ({e.HttpRequestError})");
        }
        catch (IOException)
        {
            return DeliveryResult.Transient("connection failed (I/O)");
        }
    }

    /// <summary>The Template's rendered body as UTF-8, or null with the reason when it is missing or not JSON.</summary>
    public static byte[]? TemplateBody(RenderedNotification notification, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(notification.Body))
        {
            error = $"spec.webhook.bodyFrom is template but Template '{notification.Template}' ({notification.Locale}) renders no body";
            return null;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(notification.Body);
        try
        {
            using var _ = JsonDocument.Parse(bytes);
            return bytes;
        }
        catch (JsonException e)
        {
            // Where it broke is enough to fix the Template; the body itself may carry personal data.
            error = $"Template '{notification.Template}' ({notification.Locale}) rendered a webhook body that is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); escape values with | json_escape";
            return null;
        }
    }

    /// <summary>Maps a receiver's response to a delivery result.</summary>
    public static DeliveryResult Classify(HttpResponseMessage response, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        return status switch
        {
            >= 200 and < 300 => DeliveryResult.Accepted(response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null),
            _ when ProviderHttp.IsTransientStatus(status) => DeliveryResult.Transient($"HTTP {status}", ProviderHttp.RetryAfter(response.Headers, time)),
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => DeliveryResult.Misconfigured($"HTTP {status}: the receiver rejected the request's credentials or signature"),
            >= 300 and < 400 => DeliveryResult.Misconfigured($"HTTP {status}: redirects are not followed; set spec.webhook.url to the final URL"),
            _ => DeliveryResult.Permanent($"HTTP {status}"),
        };
    }

    public void Dispose() => _http.Dispose();
}
