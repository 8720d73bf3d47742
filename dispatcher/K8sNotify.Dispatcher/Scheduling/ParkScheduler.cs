using System.Globalization;
using System.Text.Json;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>
/// Releases a Channel's parked messages when they are due. One replica at a time holds the lease (a compare-and-set
/// record in the scheduler bucket, renewed every tick); it walks the due seconds from its cursor, republishes each
/// slot's messages to the Channel's subject with <c>Nats-Msg-Id: &lt;id&gt;-release-&lt;due&gt;</c> (so a second
/// release of the same message is dropped by the work stream), then purges the slot up to the last message it read.
/// A periodic sweep lists the park stream's subjects and releases any due slot the cursor passed (clock skew, a
/// scheduler that was down longer than one tick can walk).
/// </summary>
public sealed class ParkScheduler(
    INatsJSContext js,
    INatsKVStore bucket,
    Channel channel,
    ChannelStatusStore status,
    PipelineOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The lease key in the scheduler bucket.</summary>
    public const string LeaseKey = "lease";

    /// <summary>Most slots walked one by one in a tick; a longer gap is closed by a sweep.</summary>
    public const int MaxSlotsPerTick = 120;

    /// <summary>Recipients of a message whose status records are checked at release (cancelled ones are not released).</summary>
    public const int MaxRecipientsChecked = 16;

    private const int FetchBatch = 256;
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly ParkStore _park = new(js, channel);
    private readonly string _stream = ChannelJetStream.ParkStreamName(channel);
    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    private string Key => $"{channel.Metadata.NamespaceProperty ?? "default"}/{channel.Metadata.Name}";

    /// <summary>Counts released messages; none when unset.</summary>
    public SchedulingMetrics? Metrics { get; init; }

    /// <summary>Whether this replica held the release lease at its last tick (the stuck audit runs only there).</summary>
    public bool HoldsLease { get; private set; }

    /// <summary>Ticks until cancelled; failures are logged and the next tick tries again.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ParkTick, time);
        try
        {
            do
            {
                try
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NatsException or NatsJSApiException && !cancellationToken.IsCancellationRequested)
                {
                    logger.ParkReleaseFailed(Key, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>One round: take or renew the lease, release every due slot, move the cursor. Returns the messages released.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var acquired = await TryAcquireAsync(now, cancellationToken).ConfigureAwait(false);
        HoldsLease = acquired is not null;
        if (acquired is not { } held)
        {
            return 0;
        }

        var nowSlot = now.ToUnixTimeSeconds();
        var cursor = held.Lease.Cursor;
        var released = 0;
        if (cursor == 0 || nowSlot - cursor > MaxSlotsPerTick || now - _lastSweep >= options.ParkSweepInterval)
        {
            released += await SweepAsync(nowSlot, cancellationToken).ConfigureAwait(false);
            _lastSweep = now;
        }
        else
        {
            for (var slot = cursor + 1; slot <= nowSlot; slot++)
            {
                released += await ReleaseSlotAsync(slot, probe: true, cancellationToken).ConfigureAwait(false);
            }
        }

        await CommitAsync(held.Lease with { Cursor = nowSlot }, held.Revision, cancellationToken).ConfigureAwait(false);
        if (released > 0)
        {
            Metrics?.CountReleased(channel.Metadata.NamespaceProperty ?? "default", channel.Metadata.Name, released);
        }

        return released;
    }

    private async Task<(LeaseRecord Lease, ulong Revision)?> TryAcquireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entry = await KvEntries.GetOrNullAsync(bucket, LeaseKey, cancellationToken).ConfigureAwait(false);
        var current = entry is { Value: { } bytes } ? JsonSerializer.Deserialize<LeaseRecord>(bytes) : null;
        var nowMs = now.ToUnixTimeMilliseconds();
        if (current is not null && current.Holder != _holder && current.ExpiresAtMs > nowMs)
        {
            return null;
        }

        var mine = new LeaseRecord(_holder, nowMs + (long)options.ParkLease.TotalMilliseconds, current?.Cursor ?? 0);
        var value = JsonSerializer.SerializeToUtf8Bytes(mine);
        var result = entry is null
            ? await bucket.TryCreateAsync(LeaseKey, value, Raw, cancellationToken).ConfigureAwait(false)
            : await bucket.TryUpdateAsync(LeaseKey, value, entry.Value.Revision, Raw, cancellationToken).ConfigureAwait(false);
        return result.Success ? (mine, result.Value) : null;
    }

    private async Task CommitAsync(LeaseRecord lease, ulong revision, CancellationToken cancellationToken)
    {
        // A lost write means another replica took over after our lease expired; it walks the slots again, harmlessly.
        await bucket.TryUpdateAsync(LeaseKey, JsonSerializer.SerializeToUtf8Bytes(lease), revision, Raw, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> SweepAsync(long nowSlot, CancellationToken cancellationToken)
    {
        var stream = await js.GetStreamAsync(_stream, new StreamInfoRequest { SubjectsFilter = _park.SlotSubject(0)[..^1] + "*" }, cancellationToken).ConfigureAwait(false);
        var due = new List<long>();
        foreach (var subject in stream.Info.State.Subjects?.Keys ?? [])
        {
            if (long.TryParse(subject.AsSpan(subject.LastIndexOf('.') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) && slot <= nowSlot)
            {
                due.Add(slot);
            }
        }

        due.Sort();
        var released = 0;
        foreach (var slot in due)
        {
            released += await ReleaseSlotAsync(slot, probe: false, cancellationToken).ConfigureAwait(false);
        }

        return released;
    }

    private async Task<int> ReleaseSlotAsync(long slot, bool probe, CancellationToken cancellationToken)
    {
        var subject = _park.SlotSubject(slot);
        if (probe)
        {
            var info = await js.GetStreamAsync(_stream, new StreamInfoRequest { SubjectsFilter = subject }, cancellationToken).ConfigureAwait(false);
            if (info.Info.State.Subjects is not { Count: > 0 })
            {
                return 0;
            }
        }

        var reader = await js.CreateOrUpdateConsumerAsync(_stream, ChannelJetStream.SlotReader(subject, "release-" + slot.ToString(CultureInfo.InvariantCulture)), cancellationToken)
            .ConfigureAwait(false);
        ulong last = 0;
        var released = 0;
        try
        {
            int read;
            do
            {
                read = 0;
                await foreach (var msg in reader.FetchNoWaitAsync(new NatsJSFetchOpts { MaxMsgs = FetchBatch }, Raw, cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    last = msg.Metadata?.Sequence.Stream ?? last;
                    released += await ReleaseAsync(msg, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
            }
            while (read > 0);
        }
        finally
        {
            await js.DeleteConsumerAsync(_stream, reader.Info.Name, CancellationToken.None).ConfigureAwait(false);
        }

        if (last > 0)
        {
            // Only what was read: a message parked into this slot meanwhile stays for the sweep.
            await js.PurgeStreamAsync(_stream, new StreamPurgeRequest { Filter = subject, Seq = last + 1 }, cancellationToken).ConfigureAwait(false);
        }

        return released;
    }

    private async Task<bool> ReleaseAsync(INatsJSMsg<byte[]> parked, CancellationToken cancellationToken)
    {
        var headers = parked.Headers ?? [];
        var due = Header(headers, ParkHeaders.Due) ?? "0";
        var originalMsgId = Header(headers, ParkHeaders.OriginalMsgId);
        var data = parked.Data ?? [];
        var decoded = MessageDecoder.Decode(data, originalMsgId);
        if (decoded.Message is { } message && await AllTerminalAsync(message, cancellationToken).ConfigureAwait(false))
        {
            logger.ParkedNotificationDropped(Key, message.Id);
            return false;
        }

        var subject = Header(headers, ParkHeaders.OriginalSubject) ?? channel.Spec.Subjects[0];
        var released = new NatsHeaders();
        foreach (var (name, value) in headers)
        {
            released[name] = value;
        }

        released[ParkHeaders.Released] = due;
        var id = decoded.Id ?? originalMsgId ?? (parked.Metadata?.Sequence.Stream ?? 0).ToString(CultureInfo.InvariantCulture);
        var ack = await js.PublishAsync(subject, data, Raw, new NatsJSPubOpts { MsgId = $"{id}-release-{due}" }, released, cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
        return true;
    }

    private async Task<bool> AllTerminalAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        if (!status.Tracking || message.To.Count is 0 or > MaxRecipientsChecked)
        {
            return false;
        }

        for (var i = 0; i < message.To.Count; i++)
        {
            if (await status.GetAsync(message.NotificationId(i), cancellationToken).ConfigureAwait(false) is not { Record.State: var state } || !state.IsTerminal())
            {
                return false;
            }
        }

        return true;
    }

    private static string? Header(NatsHeaders headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
