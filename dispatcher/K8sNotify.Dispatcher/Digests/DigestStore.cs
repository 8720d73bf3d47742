using System.Globalization;
using System.Text.Json;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Digests;

/// <summary>
/// A Channel's digests in JetStream: items on the digest stream (one subject per group), the open digest and the
/// release lease of each group in the scheduler bucket, and release messages (parked until the window closes, or
/// published at once when a digest is full). Everything a release needs survives a dispatcher restart.
/// </summary>
public sealed class DigestStore(INatsJSContext js, INatsKVStore bucket, Channel channel, ParkStore park)
{
    /// <summary>Why a digest's release message is parked (the park store's reason label).</summary>
    public const string ParkReason = "digest";

    private const int FetchBatch = 256;
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly string _stream = ChannelJetStream.DigestStreamName(channel);
    private readonly string _prefix = ChannelJetStream.DigestSubjectPrefix(channel);

    /// <summary>Stores the item durably, then makes sure its group has an open digest; returns that digest and whether it is full.</summary>
    public async Task<(OpenDigest Digest, bool Full)> AddAsync(
        string group, DigestItem item, string workSubject, DigestSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(settings);

        // Item first: a group's next release takes every item on its subject, whichever digest the writer saw open.
        var ack = await js.PublishAsync(Subject(group), item.Serialize(), Raw, new NatsJSPubOpts { MsgId = $"{group}:{item.NotificationId}" }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        EnsureStored(ack);
        var open = await EnsureOpenAsync(group, workSubject, settings.Window, now, cancellationToken).ConfigureAwait(false);
        var full = await CountAsync(group, cancellationToken).ConfigureAwait(false) >= settings.MaxItems;
        if (full)
        {
            await RequestReleaseAsync(group, open.Id, workSubject, cancellationToken).ConfigureAwait(false);
        }

        return (open, full);
    }

    /// <summary>The group's open digest; opens one (release parked first, so an open digest always has one) when there is none.</summary>
    public async Task<OpenDigest> EnsureOpenAsync(string group, string workSubject, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 4; round++)
        {
            if (await GetOpenAsync(group, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing.Digest;
            }

            // Unique even when a full digest is followed by the next one within the same millisecond.
            var id = $"digest-{group[..12]}-{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
            var candidate = new OpenDigest(id, now, now + window);
            await park.ParkOwnAsync(workSubject, ReleaseBody(group, candidate.Id), candidate.Id, now, candidate.ReleaseAt, ParkReason, ReleaseHeaders(group, candidate.Id), cancellationToken)
                .ConfigureAwait(false);
            var created = await bucket.TryCreateAsync(OpenKey(group), JsonSerializer.SerializeToUtf8Bytes(candidate), Raw, cancellationToken).ConfigureAwait(false);
            if (created.Success)
            {
                return candidate;
            }

            // Another writer opened one first; its release is parked, ours will find the digest gone and do nothing.
        }

        throw new InvalidOperationException($"could not open a digest for group {group}: the open digest keeps changing");
    }

    /// <summary>Asks for the release of a digest now (it is full, or items were left over): a release message on the work stream.</summary>
    public async Task RequestReleaseAsync(string group, string digestId, string workSubject, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders { [DigestHeaders.Group] = group, [DigestHeaders.Id] = digestId };
        var ack = await js.PublishAsync(workSubject, ReleaseBody(group, digestId), Raw, new NatsJSPubOpts { MsgId = $"{digestId}-release-now" }, headers, cancellationToken)
            .ConfigureAwait(false);
        EnsureStored(ack);
    }

    public async Task<(OpenDigest Digest, ulong Revision)?> GetOpenAsync(string group, CancellationToken cancellationToken)
    {
        var entry = await KvEntries.GetOrNullAsync(bucket, OpenKey(group), cancellationToken).ConfigureAwait(false);
        return entry is { Value: { Length: > 0 } bytes } && JsonSerializer.Deserialize<OpenDigest>(bytes) is { } open ? (open, entry.Value.Revision) : null;
    }

    /// <summary>Closes the group's open digest if it is still <paramref name="digestId"/> (new items then open the next one).</summary>
    public async Task CloseAsync(string group, string digestId, CancellationToken cancellationToken)
    {
        if (await GetOpenAsync(group, cancellationToken).ConfigureAwait(false) is { } open && open.Digest.Id == digestId)
        {
            await bucket.TryDeleteAsync(OpenKey(group), new NatsKVDeleteOpts { Revision = open.Revision }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<(DigestRelease Release, ulong Revision)?> GetReleaseAsync(string group, CancellationToken cancellationToken)
    {
        var entry = await KvEntries.GetOrNullAsync(bucket, ReleaseKey(group), cancellationToken).ConfigureAwait(false);
        return entry is { Value: { Length: > 0 } bytes } && JsonSerializer.Deserialize<DigestRelease>(bytes) is { } release ? (release, entry.Value.Revision) : null;
    }

    /// <summary>Creates (revision 0) or updates the release lease; null when another replica wrote first.</summary>
    public async Task<ulong?> TryWriteReleaseAsync(string group, DigestRelease release, ulong revision, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(release);
        var result = revision == 0
            ? await bucket.TryCreateAsync(ReleaseKey(group), bytes, Raw, cancellationToken).ConfigureAwait(false)
            : await bucket.TryUpdateAsync(ReleaseKey(group), bytes, revision, Raw, cancellationToken).ConfigureAwait(false);
        return result.Success ? result.Value : null;
    }

    public async Task DeleteReleaseAsync(string group, ulong revision, CancellationToken cancellationToken) =>
        await bucket.TryDeleteAsync(ReleaseKey(group), new NatsKVDeleteOpts { Revision = revision }, cancellationToken).ConfigureAwait(false);

    /// <summary>The group's oldest items, at most <paramref name="max"/>, and none after <paramref name="upToSeq"/> when it is set.</summary>
    public async Task<IReadOnlyList<(ulong Seq, DigestItem? Item)>> ReadAsync(string group, int max, ulong? upToSeq, CancellationToken cancellationToken)
    {
        var reader = await js.CreateOrUpdateConsumerAsync(_stream, ChannelJetStream.SlotReader(Subject(group), "digest-" + group), cancellationToken).ConfigureAwait(false);
        var items = new List<(ulong, DigestItem?)>();
        try
        {
            int read;
            do
            {
                read = 0;
                await foreach (var msg in reader.FetchNoWaitAsync(new NatsJSFetchOpts { MaxMsgs = Math.Min(FetchBatch, max - items.Count) }, Raw, cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    var seq = msg.Metadata?.Sequence.Stream ?? 0;
                    if (upToSeq is { } last && seq > last)
                    {
                        return items;
                    }

                    items.Add((seq, DigestItem.Deserialize(msg.Data ?? [])));
                    if (items.Count >= max)
                    {
                        return items;
                    }
                }
            }
            while (read > 0);
        }
        finally
        {
            await js.DeleteConsumerAsync(_stream, reader.Info.Name, CancellationToken.None).ConfigureAwait(false);
        }

        return items;
    }

    /// <summary>Removes the group's items up to and including <paramref name="lastSeq"/>; later ones stay for the next digest.</summary>
    public async Task PurgeAsync(string group, ulong lastSeq, CancellationToken cancellationToken) =>
        await js.PurgeStreamAsync(_stream, new StreamPurgeRequest { Filter = Subject(group), Seq = lastSeq + 1 }, cancellationToken).ConfigureAwait(false);

    /// <summary>How many items wait on the group's subject.</summary>
    public async Task<long> CountAsync(string group, CancellationToken cancellationToken)
    {
        var subject = Subject(group);
        var info = await js.GetStreamAsync(_stream, new StreamInfoRequest { SubjectsFilter = subject }, cancellationToken).ConfigureAwait(false);
        return info.Info.State.Subjects is { } subjects && subjects.TryGetValue(subject, out var count) ? (long)count : 0;
    }

    /// <summary>A duplicate (the same item or release published again after a redelivery) is already stored: success.</summary>
    private static void EnsureStored(PubAckResponse ack)
    {
        if (!ack.Duplicate)
        {
            ack.EnsureSuccess();
        }
    }

    private string Subject(string group) => _prefix + "." + group;

    private static string OpenKey(string group) => "digest-open." + group;

    private static string ReleaseKey(string group) => "digest-release." + group;

    private static byte[] ReleaseBody(string group, string digestId) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["digest"] = digestId, ["group"] = group });

    private static Dictionary<string, string> ReleaseHeaders(string group, string digestId) => new() { [DigestHeaders.Group] = group, [DigestHeaders.Id] = digestId };
}
