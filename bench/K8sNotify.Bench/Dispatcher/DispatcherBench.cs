using System.Diagnostics;
using System.Globalization;
using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Messaging;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Status;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Bench.Dispatcher;

/// <summary>
/// End-to-end dispatcher bench: a local nats-server, the dispatcher in-process on a standalone Channel with the outbox
/// provider, (1) throughput of a burst of messages, (2) publish → sent latency at a steady rate.
/// </summary>
internal static class DispatcherBench
{
    private const string ChannelName = "bench";
    private const string Subject = "bench.notify";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var options = DispatcherBenchOptions.Parse(args);
        var work = Directory.CreateTempSubdirectory("k8snotify-bench-").FullName;
        await using var nats = await NatsServer.StartAsync().ConfigureAwait(false);
        await using var redis = options.Limits ? await RedisServer.StartAsync().ConfigureAwait(false) : null;
        WriteManifests(work, options);
        var app = StartDispatcher(work, nats.Url, redis?.ConnectionString);
        await app.StartAsync().ConfigureAwait(false);
        try
        {
            var readiness = app.Services.GetRequiredService<DispatcherReadiness>();
            while (readiness.NotReadyReason() is not null)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }

            await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
            var js = new NatsJSContext(client);
            var metrics = app.Services.GetRequiredService<DispatcherMetrics>();
            var channel = app.Services.GetRequiredService<ChannelRuntimeStore>().Get("default", ChannelName)!.Channel;

            await output.WriteLineAsync($"dispatcher bench: {Environment.ProcessorCount} cores, nats-server {nats.Url}, outbox provider, concurrency {options.Concurrency}, rate limits {(redis is null ? "off" : $"on (Redis {redis.ConnectionString}, perRecipient + perChannel)")}").ConfigureAwait(false);

            var throughput = await MeasureThroughputAsync(js, metrics, options.Messages).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"throughput: {options.Messages} notifications in {throughput.TotalSeconds:F2}s = {options.Messages / throughput.TotalSeconds:F0} notifications/s")).ConfigureAwait(false);

            if (redis is not null)
            {
                var decisions = app.Services.GetRequiredService<K8sNotify.Dispatcher.RateLimiting.RateLimitMetrics>()
                    .DecisionCount(ChannelName, K8sNotify.Dispatcher.RateLimiting.RateLimitScopes.Channel, K8sNotify.Dispatcher.RateLimiting.RateLimitMetrics.Allow);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rate limit decisions through Redis so far: {decisions:F0} allowed")).ConfigureAwait(false);
            }

            var latencies = await MeasureLatencyAsync(js, metrics, channel, options, options.Messages).ConfigureAwait(false);
            latencies.Sort();
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"latency at {options.Rate}/s for {options.Seconds}s ({latencies.Count} notifications, publish → sent): p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms")).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private static async Task<TimeSpan> MeasureThroughputAsync(NatsJSContext js, DispatcherMetrics metrics, int messages)
    {
        var stopwatch = Stopwatch.StartNew();
        var pending = new List<ValueTask<PubAckResponse>>(messages);
        for (var i = 0; i < messages; i++)
        {
            pending.Add(js.PublishAsync(Subject, Message($"tp-{i}"), serializer: NatsRawSerializer<byte[]>.Default));
        }

        foreach (var ack in pending)
        {
            (await ack.ConfigureAwait(false)).EnsureSuccess();
        }

        while (metrics.Outcomes("default", ChannelName, "outbox", Outcomes.Sent) < messages)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        return stopwatch.Elapsed;
    }

    private static async Task<List<double>> MeasureLatencyAsync(NatsJSContext js, DispatcherMetrics metrics, K8sNotify.Api.V1Alpha1.Channel channel, DispatcherBenchOptions options, int alreadySent)
    {
        var total = options.Rate * options.Seconds;
        const int TicksPerSecond = 100;
        var perTick = Math.Max(1, options.Rate / TicksPerSecond);
        var stopwatch = Stopwatch.StartNew();
        var pending = new List<ValueTask<PubAckResponse>>(total);
        for (var sent = 0; sent < total;)
        {
            // Pace against the clock, so a slow tick is caught up rather than lowering the rate.
            var due = (long)((double)sent / options.Rate * 1000);
            var wait = due - stopwatch.ElapsedMilliseconds;
            if (wait > 0)
            {
                await Task.Delay((int)wait).ConfigureAwait(false);
            }

            for (var i = 0; i < perTick && sent < total; i++, sent++)
            {
                pending.Add(js.PublishAsync(Subject, Message($"lat-{sent}"), serializer: NatsRawSerializer<byte[]>.Default));
            }
        }

        foreach (var ack in pending)
        {
            (await ack.ConfigureAwait(false)).EnsureSuccess();
        }

        while (metrics.Outcomes("default", ChannelName, "outbox", Outcomes.Sent) < alreadySent + total)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        // publish → sent from the status records: publishedAt is the stream's timestamp, sentAt the provider's acceptance.
        var kv = new NatsKVContext(js);
        var bucket = await kv.GetStoreAsync(NatsNames.StatusBucket(channel)).ConfigureAwait(false);
        var latencies = new List<double>(total);
        for (var i = 0; i < total; i++)
        {
            var entry = await bucket.GetEntryAsync<byte[]>(StatusKeys.For($"lat-{i}"), serializer: NatsRawSerializer<byte[]>.Default).ConfigureAwait(false);
            var record = StatusJson.Deserialize(entry.Value)!;
            latencies.Add((record.SentAt!.Value - record.PublishedAt!.Value).TotalMilliseconds);
        }

        return latencies;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static byte[] Message(string id) =>
        Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"template\":\"welcome\",\"to\":\"ada@example.com\",\"data\":{\"name\":\"Ada\",\"order\":42}}");

    private static WebApplication StartDispatcher(string work, string natsUrl, string? redis)
    {
        string[] args = ["--manifests", Path.Combine(work, "manifests"), "--nats", natsUrl, "--http-port", K8sNotify.TestSupport.FreePort.Next().ToString(CultureInfo.InvariantCulture)];
        var builder = DispatcherHost.CreateBuilder(redis is null ? args : [.. args, "--redis", redis]);
        builder.Logging.ClearProviders();
        return DispatcherHost.Build(builder);
    }

    private static void WriteManifests(string work, DispatcherBenchOptions options)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, "manifests")).FullName;
        new ChannelManifests
        {
            Name = ChannelName,
            Subject = Subject,
            MaxAttempts = null,
            Concurrency = options.Concurrency,
            Providers = [ChannelManifests.Outbox("outbox", Path.Combine(work, "outbox"))],
            TemplateYaml = ChannelManifests.WelcomeTemplate(text: "Hello {{ name }}, order {{ order }}."),
            RateLimitsYaml = options.Limits ? "{perRecipient: {requests: 1000000000, period: 1s}, perChannel: {requests: 1000000000, period: 1s}}" : null,
        }.WriteTo(dir);
    }
}
