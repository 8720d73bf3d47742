using System.Net.Http.Headers;
using System.Text.Json;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers.Http;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>Sends push notifications through the FCM HTTP v1 API (<c>POST /v1/projects/{projectId}/messages:send</c>) with a cached OAuth2 token.</summary>
public sealed class FcmProvider : INotificationProvider, IDisposable
{
    private const int MaxErrorBodyChars = 64 * 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly Uri _sendUrl;
    private readonly FcmAccessTokenSource _tokens;
    private readonly TimeProvider _time;
    private readonly ProviderMetrics _metrics;
    private readonly ILogger _logger;
    private readonly HttpClient _http;

    internal FcmProvider(string name, Uri baseUrl, string projectId, FcmAccessTokenSource tokens, TimeProvider time, ProviderMetrics metrics, ILogger logger)
    {
        Name = name;
        _sendUrl = ProviderHttp.Combine(baseUrl, $"/v1/projects/{Uri.EscapeDataString(projectId)}/messages:send");
        _tokens = tokens;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _http = ProviderHttp.CreateClient();
    }

    public string Name { get; }

    /// <summary>How many access tokens were fetched so far (the cache's effect, for tests and diagnostics).</summary>
    public int AccessTokenRequests => _tokens.Requests;

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var (token, failure) = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return failure!;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _sendUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new ByteArrayContent(FcmMessage.Serialize(notification));
        request.Content.Headers.ContentType = JsonContentType;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Accepted(MessageName(body));
            }

            var status = (int)response.StatusCode;
            if (status == 401)
            {
                _tokens.Invalidate(token);
            }

            var classified = FcmErrors.Classify(status, body, ProviderHttp.RetryAfter(response.Headers, _time));
            if (classified.InvalidToken)
            {
                _metrics.CountInvalidToken(Name);
                Log.FcmInvalidToken(_logger, Name, notification.NotificationId, classified.Result.Reason ?? "invalid");
            }

            return classified.Result;
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Transient($"connection to FCM failed ({e.HttpRequestError})");
        }
        catch (IOException)
        {
            return DeliveryResult.Transient("connection to FCM failed (I/O)");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokens.Dispose();
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] : text;
    }

    private static string? MessageName(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
