using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Client;

/// <summary>
/// The dispatcher's notification API: submit one notification or a bulk, read a status, cancel. A typed HttpClient:
/// register it with <see cref="K8sNotifyServiceCollectionExtensions.AddK8sNotifyClient"/>, or pass an HttpClient whose
/// <see cref="HttpClient.BaseAddress"/> and bearer token are set (see <see cref="Create"/>). Refusals become
/// <see cref="K8sNotifyApiException"/>.
/// </summary>
public sealed class K8sNotifyHttpClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    /// <summary>Calls the API through <paramref name="http"/>, which must have a base address.</summary>
    public K8sNotifyHttpClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>A client with its own HttpClient for <paramref name="baseAddress"/> and <paramref name="token"/> (for tools and scripts; services use the DI registration).</summary>
    public static K8sNotifyHttpClient Create(Uri baseAddress, string token)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new K8sNotifyHttpClient(http);
    }

    /// <summary>Submits one notification to the Channel <paramref name="channel"/> in <paramref name="namespace"/>.</summary>
    /// <exception cref="K8sNotifyApiException">The API refused it (400 with the problems by field, 401, 403, 404, 413, 429, 503).</exception>
    public async Task<SubmitResult> SubmitAsync(string @namespace, string channel, Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var content = Body(notification.ToUtf8Json());
        using var response = await _http.PostAsync(ChannelPath(@namespace, channel, "notifications"), content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<SubmitResult>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Submits up to 1,000 notifications in one request. Invalid items do not hold back the valid ones: each gets its own
    /// result (the API answers 207 then), so check <see cref="BulkSubmitResult.Rejected"/>.
    /// </summary>
    /// <exception cref="K8sNotifyApiException">The request as a whole was refused (too many items, too large, 401, 403, 404, 429).</exception>
    public async Task<BulkSubmitResult> SubmitBulkAsync(string @namespace, string channel, IEnumerable<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var body = new JsonObject { ["notifications"] = new JsonArray([.. notifications.Select(n => JsonSerializer.SerializeToNode(n, ClientJson.Options))]) };
        using var content = Body(JsonSerializer.SerializeToUtf8Bytes(body, ClientJson.Options));
        using var response = await _http.PostAsync(ChannelPath(@namespace, channel, "notifications:bulk"), content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<BulkSubmitResult>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The status of a notification in the token's namespaces, or null when there is none with this id.</summary>
    /// <exception cref="K8sNotifyApiException">The API refused the request (401, 429, 503).</exception>
    public async Task<NotificationStatus?> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(StatusPath(id), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync<NotificationStatus>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a notification that is scheduled or waiting for a rate limit or a retry, and returns its status
    /// (<c>cancelled</c>); cancelling a cancelled notification again returns the same status.
    /// </summary>
    /// <exception cref="K8sNotifyApiException">409 when it is sending or already final, 404 for an unknown id, 401, 429.</exception>
    public async Task<NotificationStatus> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync(StatusPath(id), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<NotificationStatus>(response, cancellationToken).ConfigureAwait(false);
    }

    private static ByteArrayContent Body(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = Json;
        return content;
    }

    private static string ChannelPath(string @namespace, string channel, string collection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        return $"v1/namespaces/{Uri.EscapeDataString(@namespace)}/channels/{Uri.EscapeDataString(channel)}/{collection}";
    }

    private static string StatusPath(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "v1/notifications/" + Uri.EscapeDataString(id);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new K8sNotifyApiException(response.StatusCode, "Empty answer", $"the API answered {(int)response.StatusCode} without a body");
    }

    private static async Task<K8sNotifyApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        ProblemBody? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemBody>(ClientJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page): the status code alone describes it.
        }
        catch (NotSupportedException)
        {
            // No JSON content type at all.
        }

        return new K8sNotifyApiException(
            response.StatusCode,
            problem?.Title ?? response.ReasonPhrase,
            problem?.Detail,
            problem?.Errors,
            retryAfter);
    }

    /// <summary>The fields of an RFC 9457 problem the client reads.</summary>
    private sealed record ProblemBody(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);
}
