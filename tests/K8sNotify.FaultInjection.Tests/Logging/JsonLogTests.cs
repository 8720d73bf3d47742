using System.Text;
using System.Text.Json;
using K8sNotify.Api.Contract;
using K8sNotify.FaultInjection.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests.Logging;

/// <summary>The real dispatcher binary with <c>K8SNOTIFY_LOG_FORMAT=json</c>: every line it writes is a JSON object, and a message's entries carry its Channel and notification id.</summary>
public sealed class JsonLogTests
{
    [Fact(Timeout = FaultChannel.TestTimeoutMilliseconds)]
    public async Task LogFormatJson_InvalidMessage_EveryLineIsJsonAndTheEntryHasTheNotificationScope()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await SmtpSink.StartAsync();
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);
        using var channel = FaultChannel.WithSmtp(sink.Port);
        await using var dispatcher = await FaultDispatcher.StartAsync(
            channel.Manifests,
            nats.Url,
            ct,
            new Dictionary<string, string> { [DispatcherEnvironment.LogFormat] = LogFormats.Json, ["Logging__LogLevel__Default"] = "Debug" });
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(client);

        await FaultChannel.PublishAsync(
            js,
            [Encoding.UTF8.GetBytes("{\"id\":\"log-invalid-1\",\"template\":\"no-such-template\",\"to\":\"ada@example.com\",\"data\":{}}"), FaultChannel.Good("log-good-1")],
            ct);

        JsonElement? invalid = null;
        await Poll.UntilAsync(
            () =>
            {
                invalid = Entries(dispatcher.Output).Where(e => e.GetProperty("EventId").GetInt32() == 1006).Select(e => (JsonElement?)e).FirstOrDefault();
                return Task.FromResult(invalid is not null);
            },
            "the invalid message's JSON log entry",
            TimeSpan.FromSeconds(60),
            ct);

        var entry = invalid!.Value;
        Assert.True(entry.GetProperty("LogLevel").GetString() == "Warning", entry.GetRawText());
        Assert.Equal("log-invalid-1", entry.GetProperty("State").GetProperty("Id").GetString());
        var scope = Assert.Single(entry.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("NotificationId", out _));
        Assert.Equal("log-invalid-1", scope.GetProperty("NotificationId").GetString());
        Assert.Contains("faults", scope.GetProperty("Channel").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(entry.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));

        await Poll.UntilAsync(
            () => Task.FromResult(Entries(dispatcher.Output).Any(e => e.GetProperty("Scopes").EnumerateArray().Any(s => s.TryGetProperty("NotificationId", out var id) && id.GetString() == "log-good-1"))),
            "a scoped entry for the good message",
            TimeSpan.FromSeconds(60),
            ct);

        // Every line is one JSON object: nothing else (stack traces, banners) is interleaved.
        var lines = dispatcher.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, Parse(line).ValueKind));
    }

    private static List<JsonElement> Entries(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)];

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
