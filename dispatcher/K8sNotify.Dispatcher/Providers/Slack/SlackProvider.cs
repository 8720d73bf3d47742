using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Providers.Http;

namespace K8sNotify.Dispatcher.Providers.Slack;

/// <summary>
/// Posts chat notifications to Slack, either to an incoming webhook (answers <c>ok</c> or an error word with an HTTP
/// status) or with <c>chat.postMessage</c> and a bot token (answers HTTP 200 with <c>{"ok":false,"error":...}</c>,
/// or 429 with Retry-After). Error words are mapped by <see cref="SlackErrors"/>.
/// </summary>
public sealed class SlackProvider : INotificationProvider, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly Uri _url;
    private readonly string? _token;
    private readonly string? _channel;
    private readonly TimeProvider _time;
    private readonly HttpClient _http = ProviderHttp.CreateClient();

    private SlackProvider(string name, Uri url, string? token, string? channel, TimeProvider time)
    {
        Name = name;
        _url = url;
        _token = token;
        _channel = channel;
        _time = time;
    }

    public string Name { get; }

    /// <summary>A provider posting to an incoming webhook URL.</summary>
    public static SlackProvider ForWebhook(string name, Uri webhookUrl, TimeProvider time) => new(name, webhookUrl, null, null, time);

    /// <summary>A provider calling <c>{apiBase}/chat.postMessage</c> with a bot token.</summary>
    public static SlackProvider ForBot(string name, Uri apiBase, string token, string channel, TimeProvider time) =>
        new(name, ProviderHttp.Combine(apiBase, "/chat.postMessage"), token, channel, time);

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        if (SlackMessage.Build(notification, _channel, out var error) is not { } message)
        {
            return DeliveryResult.Permanent(error!);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Content = new StringContent(message.ToJsonString());
        request.Content.Headers.ContentType = JsonContentType;
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return _token is null ? ClassifyWebhook(response, body, _time) : ClassifyWebApi(response, body, _time);
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

    /// <summary>Maps an incoming webhook answer: 200 <c>ok</c>, otherwise an error word with 400/403/404/410/429/5xx.</summary>
    public static DeliveryResult ClassifyWebhook(HttpResponseMessage response, string body, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var retryAfter = ProviderHttp.RetryAfter(response.Headers, time);
        if (status is >= 200 and < 300)
        {
            return DeliveryResult.Accepted();
        }

        var code = body.Trim();
        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            return DeliveryResult.Transient("slack rate limited (HTTP 429)", retryAfter);
        }

        if (SlackErrors.IsErrorWord(code) && status < 500)
        {
            return SlackErrors.Classify(code, retryAfter);
        }

        return status switch
        {
            _ when ProviderHttp.IsTransientStatus(status) => DeliveryResult.Transient($"slack HTTP {status}", retryAfter),
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Gone =>
                DeliveryResult.Misconfigured($"slack HTTP {status}: check the webhook URL"),
            >= 300 and < 400 => DeliveryResult.Misconfigured($"slack HTTP {status}: redirects are not followed"),
            _ => DeliveryResult.Permanent($"slack HTTP {status}"),
        };
    }

    /// <summary>Maps a Web API answer: <c>{"ok":true,"ts":...}</c>, <c>{"ok":false,"error":...}</c>, or 429 with Retry-After.</summary>
    public static DeliveryResult ClassifyWebApi(HttpResponseMessage response, string body, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var retryAfter = ProviderHttp.RetryAfter(response.Headers, time);
        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            return DeliveryResult.Transient("slack ratelimited (HTTP 429)", retryAfter);
        }

        if (status is < 200 or >= 300)
        {
            return ProviderHttp.IsTransientStatus(status)
                ? DeliveryResult.Transient($"slack HTTP {status}", retryAfter)
                : DeliveryResult.Misconfigured($"slack HTTP {status}: check spec.slack.baseUrl");
        }

        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return DeliveryResult.Transient("slack answered with something that is not JSON");
        }

        if (answer?["ok"]?.GetValueKind() == JsonValueKind.True)
        {
            return DeliveryResult.Accepted(answer["ts"]?.GetValueKind() == JsonValueKind.String ? (string?)answer["ts"] : null);
        }

        var code = answer?["error"]?.GetValueKind() == JsonValueKind.String ? (string?)answer["error"] ?? "" : "";
        return SlackErrors.Classify(code, retryAfter);
    }

    public void Dispose() => _http.Dispose();
}
