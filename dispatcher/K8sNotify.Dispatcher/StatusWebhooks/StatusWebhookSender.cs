using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers.Http;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.Secrets;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>
/// POSTs one status event, signed like the webhook provider: <c>X-K8sNotify-Signature: sha256=hex(HMAC-SHA256(key,
/// "&lt;unix seconds&gt;.&lt;body&gt;"))</c> with <c>X-K8sNotify-Timestamp</c>, plus <c>X-K8sNotify-Event-Id</c> and
/// <c>Idempotency-Key</c> (the event id, the same on every retry). Each attempt is signed with a fresh timestamp.
/// With <c>format: cloudevents</c> the body is the event as a structured-mode CloudEvent (<see cref="StatusCloudEvent"/>),
/// and the signature covers that body.
/// </summary>
public sealed class StatusWebhookSender(TimeProvider time, IOptions<StatusWebhookOptions> options) : IDisposable
{
    public const string EventIdHeader = "X-K8sNotify-Event-Id";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue CloudEventContentType = new(StatusCloudEvent.ContentType) { CharSet = "utf-8" };

    private readonly HttpClient _http = ProviderHttp.CreateClient();

    /// <summary>Returns null when the receiver answered 2xx, otherwise why the attempt failed (never the URL or key).</summary>
    public async Task<string?> SendAsync(StatusWebhookSpec webhook, ISecretResolver secrets, string eventId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var key = secrets.TryResolve(webhook.SecretRef);
        if (string.IsNullOrEmpty(key))
        {
            return $"the signing key {webhook.SecretRef} is missing or empty";
        }

        if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url))
        {
            return "spec.statusWebhook.url is not an absolute URL";
        }

        var contentType = JsonContentType;
        if (webhook.Format == StatusWebhookFormat.CloudEvents)
        {
            try
            {
                body = StatusCloudEvent.Encode(body.Span);
                contentType = CloudEventContentType;
            }
            catch (JsonException e)
            {
                return $"the queued status event cannot be encoded as a CloudEvent: {e.Message}";
            }
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = contentType;
        request.Headers.Add(EventIdHeader, eventId);
        request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, eventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.DefaultHeader, WebhookSignature.Compute(Encoding.UTF8.GetBytes(key), timestamp, body.Span));

        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? null : $"HTTP {status.ToString(CultureInfo.InvariantCulture)}";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {options.Value.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
        }
        catch (HttpRequestException e)
        {
            return $"connection failed ({e.HttpRequestError})";
        }
        catch (IOException)
        {
            return "connection failed (I/O)";
        }
    }

    public void Dispose() => _http.Dispose();
}
