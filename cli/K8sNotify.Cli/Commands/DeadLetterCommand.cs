using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Cli.DeadLetters;
using K8sNotify.Cli.Output;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Cli.Commands;

/// <summary><c>dlq list|show|replay</c>: the dead letters of a Channel, each with its reason and its notification's current state.</summary>
internal static class DeadLetterCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("dlq", "List, show and replay the dead letters of a Channel (kept 14 days in its dead-letter stream).");
        command.Subcommands.Add(List(global));
        command.Subcommands.Add(Show(global));
        command.Subcommands.Add(Replay(global));
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var limit = new Option<int>("--limit") { Description = "How many of the newest dead letters", HelpName = "N", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1");
            }
        });
        var command = new Command("list", "List the newest dead letters, oldest first: sequence, time, notification, its current state and the reason.") { limit };
        CommandRunner.SetAction(command, (parsed, output, cancellationToken) => RunAsync(global, parsed, output, cancellationToken, async (queue, status, json) =>
        {
            var rows = new List<(DeadLetter Letter, StatusRecord? Record)>();
            await foreach (var letter in queue.ListAsync(parsed.GetValue(limit), cancellationToken).ConfigureAwait(false))
            {
                rows.Add((letter, await RecordAsync(status, letter, cancellationToken).ConfigureAwait(false)));
            }

            if (rows.Count == 0 && !json)
            {
                await output.NoteAsync($"no dead letters in {queue.StreamName}").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await output.Out.WriteLineAsync(json ? JsonOutput.Format(new JsonArray([.. rows.Select(r => Summary(r.Letter, r.Record))])) : Table(rows)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var sequence = SequenceArgument();
        var command = new Command("show", "Show one dead letter: its reason, headers, the notification's current state and the original message.") { sequence };
        CommandRunner.SetAction(command, (parsed, output, cancellationToken) => RunAsync(global, parsed, output, cancellationToken, async (queue, status, json) =>
        {
            var letter = await GetAsync(queue, parsed.GetValue(sequence), cancellationToken).ConfigureAwait(false);
            var record = await RecordAsync(status, letter, cancellationToken).ConfigureAwait(false);
            await output.Out.WriteLineAsync(json ? JsonOutput.Format(Detail(letter, record)) : Text(letter, record)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Replay(GlobalOptions global)
    {
        var sequence = SequenceArgument();
        var force = new Option<bool>("--force") { Description = "Republish even when the notification is no longer dead-lettered (replayed before, or delivered since)" };
        var command = new Command("replay", "Republish a dead letter to the subject it was first published to, marking it K8sNotify-Replayed-From and recording the replay in its status history. A dead letter is replayed once unless --force.")
        {
            sequence, force,
        };
        CommandRunner.SetAction(command, (parsed, output, cancellationToken) => RunAsync(global, parsed, output, cancellationToken, async (queue, status, json) =>
        {
            var letter = await GetAsync(queue, parsed.GetValue(sequence), cancellationToken).ConfigureAwait(false);
            var replayer = new DeadLetterReplayer(queue.JetStream, status, queue.Channel, queue.StreamName, TimeProvider.System);
            var result = await replayer.ReplayAsync(letter, parsed.GetValue(force), cancellationToken).ConfigureAwait(false);
            var line = json
                ? JsonOutput.Format(new JsonObject { ["replayed"] = result.Origin, ["notification"] = result.NotificationId, ["subject"] = result.Subject, ["streamSequence"] = result.StreamSequence })
                : $"replayed dead letter {result.Origin}{(result.NotificationId is { } id ? $" (notification {id})" : "")} to {result.Subject}: stream sequence {result.StreamSequence.ToString(CultureInfo.InvariantCulture)}";
            await output.Out.WriteLineAsync(line).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Argument<ulong> SequenceArgument() => new("SEQUENCE") { Description = "The dead letter's sequence in the dead-letter stream (from dlq list)" };

    private static async Task<int> RunAsync(GlobalOptions global, ParseResult parsed, CommandOutput output, CancellationToken cancellationToken, Func<DeadLetterQueue, ChannelStatusStore, bool, Task<int>> action)
    {
        var settings = global.Read(parsed);
        var (channel, nats) = await ChannelCommand.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (nats.ConfigureAwait(false))
        {
            var status = await nats.StatusAsync(channel, cancellationToken).ConfigureAwait(false);
            return await action(new DeadLetterQueue(nats.JetStream, channel), status, settings.Json).ConfigureAwait(false);
        }
    }

    private static async Task<DeadLetter> GetAsync(DeadLetterQueue queue, ulong sequence, CancellationToken cancellationToken) =>
        await queue.GetAsync(sequence, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"no dead letter {sequence} in {queue.StreamName} (dlq list shows the ones kept)");

    private static async Task<StatusRecord?> RecordAsync(ChannelStatusStore status, DeadLetter letter, CancellationToken cancellationToken) =>
        letter.NotificationId is { } id ? (await status.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Record : null;

    private static string Table(List<(DeadLetter Letter, StatusRecord? Record)> rows)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"SEQUENCE",-9} {"TIME",-24} {"NOTIFICATION",-36} {"STATE",-14} REASON\n");
        foreach (var (letter, record) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{letter.Sequence,-9} {StatusText.Time(letter.Time),-24} {letter.NotificationId ?? "-",-36} {record?.State.WireName() ?? "-",-14} {letter.Reason}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Text(DeadLetter letter, StatusRecord? record)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"sequence: {letter.Sequence}\n");
        text.Append("time: ").Append(StatusText.Time(letter.Time)).Append('\n');
        text.Append("notification: ").Append(letter.NotificationId ?? "-").Append('\n');
        text.Append("state: ").Append(record?.State.WireName() ?? "-").Append('\n');
        text.Append("reason: ").Append(letter.Reason).Append('\n');
        text.Append("subject: ").Append(letter.OriginalSubject ?? "-").Append('\n');
        text.Append("headers:\n");
        foreach (var (name, value) in letter.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            text.Append("  ").Append(name).Append(": ").Append(value).Append('\n');
        }

        text.Append("message:\n").Append(Encoding.UTF8.GetString(letter.Payload));
        return text.ToString();
    }

    private static JsonObject Summary(DeadLetter letter, StatusRecord? record) => new()
    {
        ["sequence"] = letter.Sequence,
        ["time"] = StatusText.Time(letter.Time),
        ["notification"] = letter.NotificationId,
        ["state"] = record?.State.WireName(),
        ["reason"] = letter.Reason,
        ["subject"] = letter.OriginalSubject,
    };

    private static JsonObject Detail(DeadLetter letter, StatusRecord? record)
    {
        var detail = Summary(letter, record);
        detail["headers"] = new JsonObject(letter.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value)));
        detail["message"] = Encoding.UTF8.GetString(letter.Payload);
        return detail;
    }
}
