using System.Net.Http.Headers;
using System.Text;
using K8sNotify.Dispatcher.Providers.Http;
using TwilioHttp = Twilio.Http;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>
/// The Twilio library's HTTP client, replaced so that requests go to the configured base URL (regional edge or a test
/// server) over this provider's pooled <see cref="HttpClient"/>, honour cancellation, and report status and Retry-After.
/// </summary>
internal sealed class TwilioTransport : TwilioHttp.HttpClient, IDisposable
{
    private static readonly AsyncLocal<TwilioCall?> CurrentCall = new();

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly TimeProvider _time;

    public TwilioTransport(Uri baseUrl, string accountSid, string authToken, TimeProvider time)
    {
        _baseUrl = baseUrl;
        _time = time;
        _http = ProviderHttp.CreateClient();
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + authToken)));
    }

    /// <summary>Binds a call's state to the current async flow (the Twilio library's async API takes no token).</summary>
    public static TwilioCall Begin(CancellationToken cancellationToken) => CurrentCall.Value = new TwilioCall(cancellationToken);

    public override TwilioHttp.Response MakeRequest(TwilioHttp.Request request) =>
        MakeRequestAsync(request).GetAwaiter().GetResult();

    public override async Task<TwilioHttp.Response> MakeRequestAsync(TwilioHttp.Request request)
    {
        var call = CurrentCall.Value;
        var cancellationToken = call?.CancellationToken ?? CancellationToken.None;
        var url = ProviderHttp.Combine(_baseUrl, request.ConstructUrl().PathAndQuery);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method.ToString()), url);
        message.Headers.Authorization = _authorization;
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in request.HeaderParams)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (message.Method != HttpMethod.Get)
        {
            message.Content = new FormUrlEncodedContent(request.PostParams);
        }

        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (call is not null)
        {
            call.StatusCode = (int)response.StatusCode;
            call.RetryAfter = ProviderHttp.RetryAfter(response.Headers, _time);
        }

        return new TwilioHttp.Response(response.StatusCode, content, response.Headers);
    }

    public void Dispose() => _http.Dispose();
}
