using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>
/// A loopback Kestrel webhook receiver the test controls: each path answers as its responder says (accept, 500, hang,
/// answer slowly), every request is recorded, and accepted requests are de-duplicated by <c>Idempotency-Key</c> the way
/// a real receiver does (a repeated key is answered 200 again but not processed twice).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<int>>> _responders = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private readonly ConcurrentDictionary<string, string> _processed = new(StringComparer.Ordinal);
    private int _inProgress;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Every request so far, in arrival order of their answers.</summary>
    public IReadOnlyList<ReceivedWebhook> Requests => [.. _requests];

    /// <summary>Notification ids processed (first accepted copy of each Idempotency-Key), by key.</summary>
    public IReadOnlyDictionary<string, string> Processed => _processed;

    /// <summary>Requests being answered right now (a hanging or slow responder holds them).</summary>
    public int InProgress => Volatile.Read(ref _inProgress);

    /// <summary>Answers immediately with 200.</summary>
    public static Func<CancellationToken, Task<int>> Accept { get; } = _ => Task.FromResult(StatusCodes.Status200OK);

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.MapPost("/{path}", receiver.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return receiver;
    }

    /// <summary>Answers a fixed status (500, 503 ...) immediately.</summary>
    public static Func<CancellationToken, Task<int>> Fail(int status) => _ => Task.FromResult(status);

    /// <summary>Never answers: holds the request until the client gives up (its timeout) and aborts it.</summary>
    public static Func<CancellationToken, Task<int>> Hang { get; } = async aborted =>
    {
        await Task.Delay(Timeout.Infinite, aborted).ConfigureAwait(false);
        return StatusCodes.Status200OK;
    };

    /// <summary>Answers 200 after <paramref name="delay"/>.</summary>
    public static Func<CancellationToken, Task<int>> Slow(TimeSpan delay) => async aborted =>
    {
        await Task.Delay(delay, aborted).ConfigureAwait(false);
        return StatusCodes.Status200OK;
    };

    /// <summary>The URL of a path whose behaviour <see cref="Respond"/> sets (accepting until told otherwise).</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>Changes how a path answers from now on.</summary>
    public void Respond(string path, Func<CancellationToken, Task<int>> responder) => _responders[path] = responder;

    /// <summary>Copies per notification id among the accepted requests (before de-duplication).</summary>
    public Dictionary<string, int> AcceptedCopiesById() =>
        Requests.Where(r => r.Status is >= 200 and < 300 && r.NotificationId is not null)
            .GroupBy(r => r.NotificationId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // hanging requests are abandoned
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(string path, HttpContext http)
    {
        Interlocked.Increment(ref _inProgress);
        var arrived = Stopwatch.GetTimestamp();
        try
        {
            var key = http.Request.Headers[WebhookSignature.IdempotencyKeyHeader].ToString();
            string? id = null;
            try
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                id = body.RootElement.TryGetProperty("id", out var value) ? value.GetString() : null;
            }
            catch (JsonException)
            {
                // recorded with a null id: the test sees it
            }

            int status;
            try
            {
                status = await _responders.GetValueOrDefault(path, Accept)(http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its timeout): nothing was answered, nothing processed.
                _requests.Enqueue(new ReceivedWebhook(path, key, id, 499, false, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(arrived)));
                return;
            }

            var duplicate = false;
            if (status is >= 200 and < 300 && key.Length > 0)
            {
                duplicate = !_processed.TryAdd(key, id ?? "");
            }

            _requests.Enqueue(new ReceivedWebhook(path, key.Length == 0 ? null : key, id, status, duplicate, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(arrived)));
            http.Response.StatusCode = status;
        }
        finally
        {
            Interlocked.Decrement(ref _inProgress);
        }
    }
}
