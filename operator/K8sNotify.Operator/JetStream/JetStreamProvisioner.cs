using System.Collections.Concurrent;
using System.Text.Json;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.JetStream;
using StreamConfig = NATS.Client.JetStream.Models.StreamConfig;

namespace K8sNotify.Operator.JetStream;

/// <summary>
/// Ensures a Channel's streams and consumer (as <see cref="ChannelJetStream"/> defines them) through NATS.Net,
/// idempotently (create or update). A reconcile whose stream configuration is the one this process last applied, less
/// than <see cref="Recheck"/> ago, makes no JetStream call and reports the state read then: most reconciles (a child
/// became available, a status was written) change nothing JetStream holds, and 1,000 Channels cost 8 JetStream
/// requests each per reconcile otherwise. The periodic check still recreates a stream deleted behind the operator's back.
/// </summary>
public sealed class JetStreamProvisioner(INatsJSContext jetStream, TimeProvider? timeProvider = null) : IStreamProvisioner
{
    /// <summary>How long an applied configuration is trusted without asking JetStream (also how stale the status counters may get).</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromMinutes(5);

    // JetStream API error codes (https://github.com/nats-io/nats-server/blob/main/server/errors.json).
    private const int StreamNotFound = 10059;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Applied> _applied = new(StringComparer.Ordinal);

    public async Task<StreamState> EnsureAsync(Channel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var config = ChannelJetStream.Stream(channel);
        var key = CacheKey(channel);
        var fingerprint = Fingerprint(config, channel);
        var now = _time.GetUtcNow();
        if (_applied.TryGetValue(key, out var applied) && applied.Fingerprint == fingerprint && now - applied.At < Recheck)
        {
            return applied.State;
        }

        var state = await ApplyAsync(channel, config, cancellationToken).ConfigureAwait(false);
        _applied[key] = new Applied(fingerprint, now, state);
        return state;
    }

    private async Task<StreamState> ApplyAsync(Channel channel, StreamConfig config, CancellationToken cancellationToken)
    {
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
        ArgumentNullException.ThrowIfNull(channel);
        _applied.TryRemove(CacheKey(channel), out _);
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

    // The uid too: a Channel deleted and created again under the same name gets its streams ensured afresh.
    private static string CacheKey(Channel channel) => $"{channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}/{channel.Metadata.Uid}";

    private static string Fingerprint(StreamConfig stream, Channel channel) => string.Join(
        '\n',
        JsonSerializer.Serialize(stream),
        JsonSerializer.Serialize(ChannelJetStream.DeadLetterStream(channel)),
        JsonSerializer.Serialize(ChannelJetStream.ParkStream(channel)),
        channel.Spec.Digest is null ? string.Empty : JsonSerializer.Serialize(ChannelJetStream.DigestStream(channel)),
        JsonSerializer.Serialize(ChannelJetStream.Consumer(channel)));

    /// <summary>What this process last applied for a Channel, when, and the state JetStream reported then.</summary>
    private sealed record Applied(string Fingerprint, DateTimeOffset At, StreamState State);
}
