using K8sNotify.Api.V1Alpha1;
using K8sNotify.Cli.Targets;

namespace K8sNotify.Cli.Commands;

/// <summary>The first steps of every command that works on a Channel over NATS: find the Channel, then connect.</summary>
internal static class ChannelCommand
{
    public static async Task<(Channel Channel, NatsTarget Nats)> OpenAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        Channel channel;
        using (var source = Target.Open(settings))
        {
            channel = await Target.ChannelAsync(source, settings.Channel, cancellationToken).ConfigureAwait(false);
        }

        return (channel, await NatsTarget.ConnectAsync(settings, cancellationToken).ConfigureAwait(false));
    }
}
