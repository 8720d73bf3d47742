using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sNotify.Cli.Tests.Support;

/// <summary>
/// A webhook receiver on a loopback port: answers 200, or 503 to bodies that name a recipient listed in
/// <see cref="Refused"/> (a receiver that is down for them); keeps every body it accepted.
/// </summary>
public sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebhook(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Recipients the receiver answers 503 for.</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>Bodies answered with 200.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    public static async Task<LoopbackWebhook> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var webhook = new LoopbackWebhook(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (webhook.Refused.Keys.Any(r => body.Contains(r, StringComparison.Ordinal)))
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            webhook.Accepted.Enqueue(body);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        webhook.Url = new Uri(new Uri(address), "/hook");
        return webhook;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
