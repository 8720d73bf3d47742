using System.CommandLine;
using K8sNotify.Cli.Output;
using K8sNotify.Cli.Targets;

namespace K8sNotify.Cli.Commands;

/// <summary><c>status ID</c>: the current status record of one notification.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "The notification id (for a bulk message: MESSAGE-ID:INDEX)" };
        var command = new Command("status", "Print the status record of a notification: its state, attempts, provider, reason and times.") { id };
        CommandRunner.SetAction(command, async (parsed, output, cancellationToken) =>
        {
            var settings = global.Read(parsed);
            var (channel, nats) = await ChannelCommand.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (nats.ConfigureAwait(false))
            {
                var store = await nats.StatusAsync(channel, cancellationToken).ConfigureAwait(false);
                var notification = parsed.GetValue(id)!;
                var entry = await store.GetAsync(notification, cancellationToken).ConfigureAwait(false)
                    ?? throw new CliException($"no status record for '{notification}' in Channel {NatsTarget.Describe(channel)} (bucket {store.Bucket})");
                await output.Out.WriteLineAsync(StatusText.Format(entry.Record, settings.Json)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
