using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace K8sNotify.Bench.Proof;

/// <summary>A loopback Kestrel webhook receiver that answers 200 at once and notes when each Idempotency-Key arrived (the first time).</summary>
internal sealed class WebhookSink : IDeliverySink
{
    private readonly ConcurrentDictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private WebhookSink(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hook";
    }

    public string Url { get; }

    public int Count => _arrivals.Count;

    public static async Task<WebhookSink> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.ListenLocalhost(port));
        var app = builder.Build();
        var sink = new WebhookSink(app, port);
        app.MapPost("/hook", async context =>
        {
            var now = Stopwatch.GetTimestamp();
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            var id = context.Request.Headers[WebhookSignature.IdempotencyKeyHeader].ToString();
            sink._arrivals.TryAdd(id, now);
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync().ConfigureAwait(false);
        return sink;
    }

    public (string Name, string Yaml) Provider(string name) => ChannelManifests.Webhook(name, Url);

    public bool TryGetDelivered(string id, out long timestamp) => _arrivals.TryGetValue(id, out timestamp);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
