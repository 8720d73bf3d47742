using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.StatusWebhooks;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Status;

/// <summary>
/// The status records of one Channel in its JetStream KV bucket. Every write is a compare-and-set on the revision
/// read before, so two writers (replicas, or the HTTP API cancelling) never overwrite each other unnoticed; every
/// successful write publishes the record on the Channel's status subject and, when the Channel has a status webhook,
/// queues it as a status event (<paramref name="events"/>); a sent record's provider message id goes into
/// <paramref name="index"/>. With <paramref name="tracking"/> off (a throughput knob,
/// <see cref="Configuration.PipelineOptions.StatusTracking"/>) nothing is read or written: every read finds no record and
/// every write succeeds, so duplicates are no longer suppressed, the HTTP API has no status and no status events go out.
/// </summary>
public sealed class ChannelStatusStore(INatsKVStore bucket, INatsConnection connection, Channel channel, StatusEventQueue? events = null, bool tracking = true, ProviderMessageIndex? index = null)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly string _subject = NatsNames.StatusSubject(channel);

    public string Bucket => bucket.Bucket;

    /// <summary>False when status tracking is off: no KV reads or writes, no status events.</summary>
    public bool Tracking => tracking;

    /// <summary>The provider-message-id index of the Channel, when it was opened with one.</summary>
    public ProviderMessageIndex? Index => index;

    public async ValueTask<StatusEntry?> GetAsync(string notificationId, CancellationToken cancellationToken)
    {
        if (!tracking)
        {
            return null;
        }

        var entry = await KvEntries.GetOrNullAsync(bucket, StatusKeys.For(notificationId), cancellationToken).ConfigureAwait(false);
        return entry is { Value: { } bytes } && StatusJson.Deserialize(bytes) is { } record ? new StatusEntry(record, entry.Value.Revision) : null;
    }

    /// <summary>
    /// Writes a transition: creates the record when <paramref name="expectedRevision"/> is 0, otherwise updates it only
    /// if it is still at that revision. Returns null when someone else wrote first.
    /// </summary>
    public ValueTask<StatusEntry?> TryWriteAsync(StatusRecord record, ulong expectedRevision, CancellationToken cancellationToken) =>
        DispatcherTracing.Source.HasListeners() ? TryWriteTracedAsync(record, expectedRevision, cancellationToken) : TryWriteCoreAsync(record, expectedRevision, cancellationToken);

    /// <summary>
    /// Reads the record, lets <paramref name="change"/> decide what to write (null: leave it) and writes it with a
    /// compare-and-set, reading again when another writer came first, for at most <paramref name="maxRounds"/> rounds.
    /// <paramref name="change"/> gets the current entry, or null when there is no record yet.
    /// </summary>
    public async Task<StatusUpdate> UpdateAsync(string notificationId, Func<StatusEntry?, StatusRecord?> change, int maxRounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var round = 0; round < maxRounds; round++)
        {
            var entry = await GetAsync(notificationId, cancellationToken).ConfigureAwait(false);
            if (change(entry) is not { } next)
            {
                return StatusUpdate.Declined;
            }

            if (await TryWriteAsync(next, entry?.Revision ?? 0, cancellationToken).ConfigureAwait(false) is not null)
            {
                return StatusUpdate.Written;
            }
        }

        return StatusUpdate.Contended;
    }

    private async ValueTask<StatusEntry?> TryWriteTracedAsync(StatusRecord record, ulong expectedRevision, CancellationToken cancellationToken)
    {
        using var activity = DispatcherTracing.StartStep("status write");
        activity?.SetTag("k8snotify.notification.id", record.Id);
        activity?.SetTag("k8snotify.notification.state", record.State.WireName());
        var written = await TryWriteCoreAsync(record, expectedRevision, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("k8snotify.status.written", written is not null);
        return written;
    }

    private async ValueTask<StatusEntry?> TryWriteCoreAsync(StatusRecord record, ulong expectedRevision, CancellationToken cancellationToken)
    {
        if (!tracking)
        {
            return new StatusEntry(record, expectedRevision + 1);
        }

        var key = StatusKeys.For(record.Id);
        var bytes = StatusJson.Serialize(record);

        // Before the write, on the same connection: whoever sees the sent record can already find it by the provider's id.
        if (index is not null && record is { State: NotificationState.Sent, ProviderMessageId: { Length: > 0 } providerMessageId })
        {
            await index.RecordAsync(providerMessageId, record.Id, cancellationToken).ConfigureAwait(false);
        }

        var result = expectedRevision == 0
            ? await bucket.TryCreateAsync(key, bytes, Raw, cancellationToken).ConfigureAwait(false)
            : await bucket.TryUpdateAsync(key, bytes, expectedRevision, Raw, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.Error is NatsKVCreateException or NatsKVWrongLastRevisionException ? null : throw result.Error;
        }

        await connection.PublishAsync(_subject, bytes, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (events is not null)
        {
            await events.PublishAsync(channel, record, result.Value, cancellationToken).ConfigureAwait(false);
        }

        return new StatusEntry(record, result.Value);
    }

    /// <summary>Every record in the bucket (CLI and tests; not for hot paths).</summary>
    public async IAsyncEnumerable<StatusRecord> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        try
        {
            await foreach (var key in bucket.GetKeysAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }
        }
        catch (NatsKVException)
        {
            // An empty bucket has no keys to list.
        }

        foreach (var key in keys)
        {
            if (await GetAsync(StatusKeys.IdOf(key), cancellationToken).ConfigureAwait(false) is { } entry)
            {
                yield return entry.Record;
            }
        }
    }
}
