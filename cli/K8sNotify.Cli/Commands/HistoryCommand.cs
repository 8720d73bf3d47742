using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Api.Contract;
using K8sNotify.Cli.Output;
using K8sNotify.Cli.Targets;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Cli.Commands;

/// <summary>
/// <c>history ID</c>: every transition of a notification, oldest first. The status bucket keeps the last
/// <see cref="ChannelJetStream.StatusHistory"/> revisions of each record, and each write is one transition, so the
/// history costs the hot path nothing.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "The notification id (for a bulk message: MESSAGE-ID:INDEX)" };
        var command = new Command("history", $"Print every transition of a notification (up to the last {ChannelJetStream.StatusHistory}) with its time, state, attempts and reason, oldest first.") { id };
        CommandRunner.SetAction(command, async (parsed, output, cancellationToken) =>
        {
            var settings = global.Read(parsed);
            var (channel, nats) = await ChannelCommand.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (nats.ConfigureAwait(false))
            {
                var bucket = await nats.StatusBucketAsync(channel, cancellationToken).ConfigureAwait(false);
                var notification = parsed.GetValue(id)!;
                var transitions = await ReadAsync(bucket, notification, cancellationToken).ConfigureAwait(false);
                if (transitions.Count == 0)
                {
                    throw new CliException($"no status record for '{notification}' in Channel {NatsTarget.Describe(channel)} (bucket {bucket.Bucket})");
                }

                await NoteShortHistoryAsync(bucket, output, cancellationToken).ConfigureAwait(false);
                await output.Out.WriteLineAsync(settings.Json ? Json(transitions) : Text(transitions)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    /// <summary>The stored revisions of the notification's record, oldest first.</summary>
    public static async Task<IReadOnlyList<Transition>> ReadAsync(INatsKVStore bucket, string notificationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var transitions = new List<Transition>();
        try
        {
            await foreach (var entry in bucket.HistoryAsync(StatusKeys.For(notificationId), NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (entry is { Operation: NatsKVOperation.Put, Value: { } value } && StatusJson.Deserialize(value) is { } record)
                {
                    transitions.Add(new Transition(entry.Revision, entry.Created, record));
                }
            }
        }
        catch (NatsKVKeyNotFoundException)
        {
            // No revision at all: the caller reports the missing record.
        }

        return [.. transitions.OrderBy(t => t.Revision)];
    }

    // A bucket created before it kept history (or edited by hand) shows only the latest transition: say so.
    private static async Task NoteShortHistoryAsync(INatsKVStore bucket, CommandOutput output, CancellationToken cancellationToken)
    {
        var status = await bucket.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Info.Config.MaxMsgsPerSubject is > 0 and < ChannelJetStream.StatusHistory and var kept)
        {
            await output.NoteAsync($"bucket {bucket.Bucket} keeps {kept} revision(s) per notification, so older transitions are gone; a dispatcher of this version creates it with {ChannelJetStream.StatusHistory}").ConfigureAwait(false);
        }
    }

    private static string Text(IReadOnlyList<Transition> transitions)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"REVISION",-9} {"TIME",-24} {"STATE",-14} {"ATTEMPTS",-8} {"PROVIDER",-12} REASON\n");
        foreach (var t in transitions)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.Revision,-9} {StatusText.Time(t.Time),-24} {t.Record.State.WireName(),-14} {t.Record.Attempts,-8} {t.Record.Provider ?? "-",-12} {t.Record.Reason ?? "-"}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Json(IReadOnlyList<Transition> transitions)
    {
        var array = new JsonArray();
        foreach (var t in transitions)
        {
            array.Add(new JsonObject
            {
                ["revision"] = t.Revision,
                ["time"] = StatusText.Time(t.Time),
                ["record"] = JsonNode.Parse(StatusJson.Serialize(t.Record)),
            });
        }

        return JsonOutput.Format(array);
    }

    /// <summary>One stored revision of a status record: a transition and when the bucket took it.</summary>
    public sealed record Transition(ulong Revision, DateTimeOffset Time, StatusRecord Record);
}
