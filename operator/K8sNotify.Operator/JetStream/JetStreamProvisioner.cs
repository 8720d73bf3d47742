using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.JetStream;

namespace K8sNotify.Operator.JetStream;

/// <summary>Ensures a Channel's streams and consumer (as <see cref="ChannelJetStream"/> defines them) through NATS.Net, idempotently (create or update).</summary>
public sealed class JetStreamProvisioner(INatsJSContext jetStream) : IStreamProvisioner
{
    // JetStream API error codes (https://github.com/nats-io/nats-server/blob/main/server/errors.json).
    private const int StreamNotFound = 10059;

    public async Task<StreamState> EnsureAsync(Channel channel, CancellationToken cancellationToken)
    {
        var config = ChannelJetStream.Stream(channel);
        try
        {
            var stream = await jetStream.CreateOrUpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
            await jetStream.CreateOrUpdateStreamAsync(ChannelJetStream.DeadLetterStream(channel), cancellationToken).ConfigureAwait(false);
            await jetStream.CreateOrUpdateStreamAsync(ChannelJetStream.ParkStream(channel), cancellationToken).ConfigureAwait(false);
            if (channel.Spec.Digest is not null)
            {
                await jetStream.CreateOrUpdateStreamAsync(ChannelJetStream.DigestStream(channel), cancellationToken).ConfigureAwait(false);
            }

            var consumer = await jetStream.CreateOrUpdateConsumerAsync(config.Name!, ChannelJetStream.Consumer(channel), cancellationToken).ConfigureAwait(false);
            return new StreamState
            {
                Name = config.Name,
                Messages = (long)stream.Info.State.Messages,
                Bytes = (long)stream.Info.State.Bytes,
                ConsumerPending = (long)consumer.Info.NumPending,
                ConsumerAckPending = consumer.Info.NumAckPending,
            };
        }
        catch (NatsJSApiException e) when (e.Error.Code is >= 400 and < 500)
        {
            // A 4xx is a configuration JetStream will not accept (immutable storage, subjects overlapping another stream).
            throw new StreamProvisioningException($"JetStream rejected stream {config.Name}: {e.Error.Description}", e);
        }
    }

    public async Task DeleteAsync(Channel channel, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { NatsNames.StreamName(channel), NatsNames.DeadLetterStreamName(channel), ChannelJetStream.ParkStreamName(channel), ChannelJetStream.DigestStreamName(channel) })
        {
            try
            {
                await jetStream.DeleteStreamAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == StreamNotFound || e.Error.Code == 404)
            {
                // Already gone: deletion is idempotent.
            }
        }
    }
}
