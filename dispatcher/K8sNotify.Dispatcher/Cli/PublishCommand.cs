using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Configuration;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Cli;

/// <summary><c>publish</c>: publishes a message file (one JSON object, or an array of them) to a subject through JetStream.</summary>
internal static class PublishCommand
{
    public const string Name = "publish";

    /// <summary>The <c>publish</c> command.</summary>
    public static Command Create()
    {
        var subject = EnvironmentOptions.Create("--subject", "Subject to publish to (required)", "SUBJECT");
        var file = EnvironmentOptions.Create("--file", "A JSON message, or an array of messages published one by one (required)", "MESSAGE.json");
        var nats = EnvironmentOptions.Create("--nats", $"NATS URL (default {DispatcherOptions.DefaultNatsUrl})", "URL");
        var msgId = EnvironmentOptions.Create("--msg-id", "JetStream message id, for publish deduplication", "ID");
        var command = new Command(Name, "Publish a message file to a subject through JetStream.") { subject, file, nats, msgId };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            parsed.GetValue(subject),
            parsed.GetValue(file),
            parsed.GetValue(nats) ?? DispatcherOptions.DefaultNatsUrl,
            parsed.GetValue(msgId),
            parsed.InvocationConfiguration.Output,
            parsed.InvocationConfiguration.Error,
            command));
        return command;
    }

    private static async Task<int> RunAsync(string? subject, string? file, string natsUrl, string? msgId, TextWriter output, TextWriter error, Command command)
    {
        if (subject is null || file is null)
        {
            await error.WriteLineAsync($"{Name}: --subject and --file are required").ConfigureAwait(false);
            await CommandInvoker.WriteUsageAsync(error, command).ConfigureAwait(false);
            return CommandInvoker.BadInput;
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

        await using var connection = new NatsConnection(NatsOpts.Default with { Url = natsUrl, Name = "k8snotify-publish" });
        var js = new NatsJSContext(connection);
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
