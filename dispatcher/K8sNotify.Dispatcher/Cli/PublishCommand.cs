using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Configuration;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Cli;

/// <summary><c>publish</c>: publishes a message file (one JSON object, or an array of them) to a subject through JetStream.</summary>
internal static class PublishCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var cli = CliArguments.Parse(args, out var problem);
        var subject = cli.Get("subject");
        var file = cli.Get("file");
        if (problem is not null || subject is null || file is null)
        {
            await error.WriteLineAsync($"publish: {problem ?? "--subject and --file are required"}\n\n{Usage.Text}").ConfigureAwait(false);
            return 2;
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"publish: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        // An array publishes each element; anything else (even malformed JSON) is published as it is.
        var payloads = new List<byte[]>();
        try
        {
            if (JsonNode.Parse(content) is JsonArray array)
            {
                payloads.AddRange(array.Select(item => JsonSerializer.SerializeToUtf8Bytes(item)));
            }
        }
        catch (JsonException)
        {
            // published unchanged below
        }

        if (payloads.Count == 0)
        {
            payloads.Add(content);
        }

        await using var connection = new NatsConnection(NatsOpts.Default with { Url = cli.Get("nats") ?? DispatcherOptions.DefaultNatsUrl, Name = "k8snotify-publish" });
        var js = new NatsJSContext(connection);
        var msgId = cli.Get("msg-id");
        try
        {
            foreach (var payload in payloads)
            {
                var ack = await js.PublishAsync(subject, payload, opts: msgId is null ? null : new NatsJSPubOpts { MsgId = msgId }).ConfigureAwait(false);
                ack.EnsureSuccess();
                await output.WriteLineAsync($"published to {subject}: stream {ack.Stream}, sequence {ack.Seq}{(ack.Duplicate ? " (duplicate)" : "")}").ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is NatsException or NatsJSApiException)
        {
            await error.WriteLineAsync($"publish: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}
