using System.Net;
using System.Net.Http.Headers;
using K8sNotify.Dispatcher.Providers.Http;

namespace K8sNotify.Dispatcher.Providers.Teams;

/// <summary>
/// Posts chat notifications as Adaptive Cards to a Teams Workflows webhook (answers 202) or a legacy incoming webhook
/// (answers 200). 429 (Retry-After), 408 and 5xx are transient; 401/403/404/410 mean the URL or flow is gone
/// (misconfigured); 400/413 and other 4xx mean the card was refused (permanent).
/// </summary>
public sealed class TeamsProvider(string name, Uri url, TimeProvider time) : INotificationProvider, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http = ProviderHttp.CreateClient();

    public string Name => name;

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        if (TeamsMessage.Build(notification, out var error) is not { } message)
        {
            return DeliveryResult.Permanent(error!);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new StringContent(message.ToJsonString());
        request.Content.Headers.ContentType = JsonContentType;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Classify(response, body, time);
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

    /// <summary>Maps a Teams webhook answer to a delivery result.</summary>
    public static DeliveryResult Classify(HttpResponseMessage response, string body, TimeProvider time)
    {
        var status = (int)response.StatusCode;

        // Legacy connectors answer 200 and put a throttling failure into the body text.
        if (status is >= 200 and < 300 && body.Contains("HTTP error 429", StringComparison.Ordinal))
        {
            return DeliveryResult.Transient("teams throttled (HTTP 429 reported in a 200 answer)", ProviderHttp.RetryAfter(response.Headers, time));
        }

        return status switch
        {
            >= 200 and < 300 => DeliveryResult.Accepted(response.Headers.TryGetValues("x-ms-workflow-run-id", out var runs) ? runs.FirstOrDefault() : null),
            _ when ProviderHttp.IsTransientStatus(status) => DeliveryResult.Transient($"teams HTTP {status}", ProviderHttp.RetryAfter(response.Headers, time)),
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Gone =>
                DeliveryResult.Misconfigured($"teams HTTP {status}: the webhook URL is invalid, revoked or its workflow is off"),
            >= 300 and < 400 => DeliveryResult.Misconfigured($"teams HTTP {status}: redirects are not followed"),
            (int)HttpStatusCode.RequestEntityTooLarge => DeliveryResult.Permanent("teams HTTP 413: the message is larger than Teams accepts (28 KB)"),
            _ => DeliveryResult.Permanent($"teams HTTP {status}: the card was refused"),
        };
    }

    public void Dispose() => _http.Dispose();
}
