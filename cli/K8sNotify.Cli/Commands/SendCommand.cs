using System.CommandLine;
using System.Text.Json.Nodes;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Cli.Output;
using K8sNotify.Cli.Targets;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Cli.Commands;

/// <summary><c>send</c>: publishes one test notification to a Channel's subject and waits for its terminal state.</summary>
internal static class SendCommand
{
    public static Command Create(GlobalOptions global)
    {
        var to = new Option<string>("--to") { Description = "The recipient (required)", HelpName = "RECIPIENT", Required = true };
        var template = new Option<string?>("--template", "-t") { Description = "The Template (default: the Channel's first)", HelpName = "NAME" };
        var data = new DataInput();
        var locale = new Option<string?>("--locale", "-l") { Description = "The message's locale", HelpName = "LOCALE" };
        var id = new Option<string?>("--id") { Description = "The notification id, also its Nats-Msg-Id (default: a new cli-… id)", HelpName = "ID" };
        var subject = new Option<string?>("--subject") { Description = "Where to publish (default: the Channel's first subject)", HelpName = "SUBJECT" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for a terminal state", HelpName = "DURATION", DefaultValueFactory = _ => "30s" };
        var command = new Command(
            "send",
            "Publish one test notification to the Channel and wait for its status: exit 0 when sent or delivered, 3 for another terminal state, 4 when none came within --timeout.")
        {
            to, template, locale, id, subject, timeout,
        };
        data.AddTo(command);
        CommandRunner.SetAction(command, async (parsed, output, cancellationToken) =>
        {
            var settings = global.Read(parsed);
            var wait = Durations.TryParse(parsed.GetValue(timeout), out var parsedWait) && parsedWait > TimeSpan.Zero
                ? parsedWait
                : throw new CliException($"--timeout {parsed.GetValue(timeout)}: not a duration such as 30s or 2m", ExitCodes.BadInput);
            var payload = data.Read(parsed);
            var (channel, nats) = await ChannelCommand.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (nats.ConfigureAwait(false))
            {
                var request = new SendRequest(
                    parsed.GetValue(id) ?? "cli-" + Guid.NewGuid().ToString("N"),
                    parsed.GetValue(template) ?? channel.Spec.Templates.FirstOrDefault() ?? throw new CliException($"Channel {NatsTarget.Describe(channel)} lists no Template: pass --template"),
                    parsed.GetValue(to)!,
                    parsed.GetValue(locale),
                    payload,
                    parsed.GetValue(subject) ?? channel.Spec.Subjects.FirstOrDefault() ?? throw new CliException($"Channel {NatsTarget.Describe(channel)} has no subject: pass --subject"));
                return await SendAsync(nats, channel, request, wait, settings.Json, output, cancellationToken).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<int> SendAsync(NatsTarget nats, Channel channel, SendRequest request, TimeSpan wait, bool json, CommandOutput output, CancellationToken cancellationToken)
    {
        // The bucket first: without a dispatcher there is nothing to wait for, so nothing is published.
        var bucket = await nats.StatusBucketAsync(channel, cancellationToken).ConfigureAwait(false);
        var ack = await nats.JetStream.PublishAsync(request.Subject, request.Payload(), opts: new NatsJSPubOpts { MsgId = request.Id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
        await output.NoteAsync($"published {request.Id} to {request.Subject} (stream {ack.Stream}, sequence {ack.Seq}{(ack.Duplicate ? ", a duplicate of an earlier publish" : "")})").ConfigureAwait(false);

        var last = await WaitAsync(bucket, request.Id, wait, output, cancellationToken).ConfigureAwait(false);
        if (last is null)
        {
            await output.FailAsync($"no status for {request.Id} within {wait.TotalSeconds}s: is a dispatcher running for Channel {NatsTarget.Describe(channel)} (with status tracking on)?").ConfigureAwait(false);
            return ExitCodes.Timeout;
        }

        await output.Out.WriteLineAsync(StatusText.Format(last, json)).ConfigureAwait(false);
        if (!last.State.IsTerminal())
        {
            await output.FailAsync($"{request.Id} is still {last.State.WireName()} after {wait.TotalSeconds}s").ConfigureAwait(false);
            return ExitCodes.Timeout;
        }

        return last.State is NotificationState.Sent or NotificationState.Delivered ? ExitCodes.Success : ExitCodes.NotDelivered;
    }

    // Watches the record's key: each change is a transition, reported on stderr as it comes; returns at a terminal state.
    private static async Task<StatusRecord?> WaitAsync(INatsKVStore bucket, string id, TimeSpan wait, CommandOutput output, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        StatusRecord? last = null;
        try
        {
            await foreach (var entry in bucket.WatchAsync(StatusKeys.For(id), NatsRawSerializer<byte[]>.Default, cancellationToken: deadline.Token).ConfigureAwait(false))
            {
                if (entry is not { Operation: NatsKVOperation.Put, Value: { } value } || StatusJson.Deserialize(value) is not { } record)
                {
                    continue;
                }

                if (last?.State != record.State)
                {
                    await output.NoteAsync($"{id}: {record.State.WireName()}{(record.Reason is { } reason ? $" ({reason})" : "")}").ConfigureAwait(false);
                }

                last = record;
                if (record.State.IsTerminal())
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: the caller reports the last state seen.
        }

        return last;
    }

    private sealed record SendRequest(string Id, string Template, string To, string? Locale, JsonObject Data, string Subject)
    {
        public byte[] Payload()
        {
            var message = new JsonObject { ["id"] = Id, ["template"] = Template, ["to"] = To, ["data"] = Data.DeepClone() };
            if (Locale is not null)
            {
                message["locale"] = Locale;
            }

            return System.Text.Encoding.UTF8.GetBytes(message.ToJsonString());
        }
    }
}
