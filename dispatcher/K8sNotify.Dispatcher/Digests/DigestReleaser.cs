using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Rendering;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Digests;

/// <summary>
/// Releases a digest when its release message arrives (window closed, or full): takes the group's release lease,
/// closes the open digest, takes its items, renders the digest Template with them, sends it once, records the
/// outcome in the lease, then writes the digest's status record and every item's terminal record, purges the items
/// and drops the lease. A replica that finds an expired lease finishes that release first (never sending again once
/// the outcome is in the lease). Items that arrived meanwhile open the next digest.
/// </summary>
public sealed class DigestReleaser(
    IDeliveryRouter router,
    IRecipientGate recipients,
    DispatcherMetrics metrics,
    TimeProvider time,
    IOptions<PipelineOptions> options,
    ILogger<DigestReleaser> logger)
{
    private const int MaxWriteRounds = 4;
    private static readonly TimeSpan BusyRecheck = TimeSpan.FromSeconds(1);

    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>Randomness of the retry backoff jitter.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Whether the message is a digest's release rather than a notification.</summary>
    public static bool IsRelease(IncomingMessage incoming) => incoming?.Headers?.ContainsKey(DigestHeaders.Group) == true;

    public async Task<ProcessingDecision> ReleaseAsync(ChannelPipelineContext context, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(incoming);
        var runtime = context.Runtime;
        var headers = incoming.Headers!;
        if (context.Digests is not { } store
            || !headers.TryGetValue(DigestHeaders.Group, out var group)
            || !headers.TryGetValue(DigestHeaders.Id, out var digestId)
            || !IsGroupToken(group))
        {
            logger.DigestReleaseStale(runtime.Key, headers.GetValueOrDefault(DigestHeaders.Id) ?? "", headers.GetValueOrDefault(DigestHeaders.Group) ?? "");
            return ProcessingDecision.Acknowledge;
        }

        // A lease left by a replica that died is taken over: its digest is finished first, then this one.
        for (var round = 0; round < 3; round++)
        {
            var now = time.GetUtcNow();
            var (lease, revision, busyUntil) = await AcquireAsync(store, group, digestId, now, cancellationToken).ConfigureAwait(false);
            if (busyUntil is { } until)
            {
                return Later(until);
            }

            if (lease is null)
            {
                logger.DigestReleaseStale(runtime.Key, digestId, group);
                return ProcessingDecision.Acknowledge;
            }

            var retry = await CompleteAsync(context, runtime, store, group, incoming.Subject, lease, revision, cancellationToken).ConfigureAwait(false);
            if (retry is not null || lease.DigestId == digestId)
            {
                return retry ?? ProcessingDecision.Acknowledge;
            }
        }

        return ProcessingDecision.Acknowledge;
    }

    private static bool IsGroupToken(string group) => group.Length == 32 && group.All(char.IsAsciiHexDigitLower);

    private ProcessingDecision Later(DateTimeOffset due)
    {
        var delay = due - time.GetUtcNow();
        return delay > options.Value.ParkThreshold ? ProcessingDecision.Park(due, DigestStore.ParkReason, 0) : ProcessingDecision.Redeliver(delay < BusyRecheck ? BusyRecheck : delay);
    }

    /// <summary>The lease to work under, or when to look again (another replica holds it), or neither (nothing to release).</summary>
    private async Task<(DigestRelease? Lease, ulong Revision, DateTimeOffset? BusyUntil)> AcquireAsync(
        DigestStore store, string group, string digestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expires = now + options.Value.ClaimLease;
        if (await store.GetReleaseAsync(group, cancellationToken).ConfigureAwait(false) is { } current)
        {
            // Busy until it expires, whoever holds it: a second release message on this replica must wait as well.
            if (current.Release.ExpiresAt > now)
            {
                return (null, 0, current.Release.ExpiresAt);
            }

            var taken = current.Release with { Holder = _holder, ExpiresAt = expires };
            return await store.TryWriteReleaseAsync(group, taken, current.Revision, cancellationToken).ConfigureAwait(false) is { } takenRevision
                ? (taken, takenRevision, null)
                : (null, 0, now + BusyRecheck);
        }

        if (await store.GetOpenAsync(group, cancellationToken).ConfigureAwait(false) is not { } open || open.Digest.Id != digestId)
        {
            // Released already (a second release message for it), or never opened.
            return (null, 0, null);
        }

        var fresh = new DigestRelease { DigestId = digestId, Holder = _holder, ExpiresAt = expires };
        return await store.TryWriteReleaseAsync(group, fresh, 0, cancellationToken).ConfigureAwait(false) is { } revision
            ? (fresh, revision, null)
            : (null, 0, now + BusyRecheck);
    }

    /// <summary>Carries a release to its end; returns a decision only when the delivery must be retried later.</summary>
    private async Task<ProcessingDecision?> CompleteAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, DigestStore store, string group, string workSubject, DigestRelease lease, ulong revision, CancellationToken cancellationToken)
    {
        var settings = DigestSettings.Of(runtime.Channel);
        IReadOnlyList<(ulong Seq, DigestItem? Item)> items;
        if (lease.LastSeq == 0)
        {
            // Closed before the items are taken: a writer that still saw it open stored its item before this read.
            await store.CloseAsync(group, lease.DigestId, cancellationToken).ConfigureAwait(false);
            items = await store.ReadAsync(group, settings?.MaxItems ?? DigestSettings.MaxItemsLimit, null, cancellationToken).ConfigureAwait(false);
            if (items.Count == 0)
            {
                await store.DeleteReleaseAsync(group, revision, cancellationToken).ConfigureAwait(false);
                return null;
            }

            lease = lease with { LastSeq = items[^1].Seq };
            if (await store.TryWriteReleaseAsync(group, lease, revision, cancellationToken).ConfigureAwait(false) is not { } taken)
            {
                return Later(time.GetUtcNow() + BusyRecheck);
            }

            revision = taken;
        }
        else
        {
            items = await store.ReadAsync(group, DigestSettings.MaxItemsLimit, lease.LastSeq, cancellationToken).ConfigureAwait(false);
        }

        var live = await LiveItemsAsync(context, runtime, group, lease.DigestId, items, cancellationToken).ConfigureAwait(false);
        if (lease.Outcome is null && live.Count > 0)
        {
            var (decided, retry) = await DeliverAsync(context, runtime, settings, lease, live, workSubject, cancellationToken).ConfigureAwait(false);
            if (await store.TryWriteReleaseAsync(group, decided, revision, cancellationToken).ConfigureAwait(false) is not { } written)
            {
                return Later(time.GetUtcNow() + BusyRecheck);
            }

            if (retry is not null)
            {
                return retry;
            }

            lease = decided;
            revision = written;
        }

        if (lease.Outcome is not null)
        {
            await RecordAsync(context, runtime, lease, live, cancellationToken).ConfigureAwait(false);
        }

        await store.PurgeAsync(group, lease.LastSeq, cancellationToken).ConfigureAwait(false);
        await store.DeleteReleaseAsync(group, revision, cancellationToken).ConfigureAwait(false);
        await ReopenAsync(store, group, workSubject, settings, cancellationToken).ConfigureAwait(false);
        logger.DigestReleased(runtime.Key, lease.DigestId, live.Count, lease.Outcome ?? "empty");
        return null;
    }

    /// <summary>The items this digest carries: readable, once each, and not already finished by another digest.</summary>
    private async Task<List<DigestItem>> LiveItemsAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, string group, string digestId, IReadOnlyList<(ulong Seq, DigestItem? Item)> items, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var live = new List<DigestItem>(items.Count);
        foreach (var (seq, item) in items)
        {
            if (item is null)
            {
                logger.DigestItemUnreadable(runtime.Key, group, seq);
                continue;
            }

            if (!seen.Add(item.NotificationId))
            {
                continue;
            }

            var entry = await context.Status.GetAsync(item.NotificationId, cancellationToken).ConfigureAwait(false);
            if (entry is { Record: { } record } && record.State.IsTerminal() && record.DigestId != digestId)
            {
                continue;
            }

            live.Add(item);
        }

        return live;
    }

    /// <summary>Renders and sends the digest once; returns the lease with the outcome, or with one more attempt and the retry decision.</summary>
    private async Task<(DigestRelease Lease, ProcessingDecision? Retry)> DeliverAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, DigestSettings? settings, DigestRelease lease, List<DigestItem> live, string workSubject, CancellationToken cancellationToken)
    {
        var first = live[0];
        var attempt = lease.Attempts + 1;
        var now = time.GetUtcNow();
        if (settings is null || !runtime.Templates.TryGetValue(settings.Template, out var template))
        {
            return (await DeadLetterAsync(context, lease, live, workSubject, NotificationState.DeadLettered, "the Channel has no digest Template any more", cancellationToken).ConfigureAwait(false), null);
        }

        await WriteAsync(context.Status, DigestRecord(runtime, lease, live, template.Name, now) with { State = NotificationState.Sending, Attempts = attempt }, cancellationToken).ConfigureAwait(false);
        var message = new NotificationMessage { Id = lease.DigestId, Template = template.Name, To = [first.Recipient], Locale = first.Locale, Data = Model(live) };
        RenderedNotification rendered;
        try
        {
            rendered = await runtime.Renderer.RenderAsync(
                template.Template,
                message,
                new RenderContext(lease.DigestId, runtime.Namespace, runtime.Name, runtime.Type, first.Recipient, live.Min(i => i.PublishedAt), attempt),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RenderException e)
        {
            return (await DeadLetterAsync(context, lease, live, workSubject, NotificationState.Failed, "the digest Template did not render: " + e.Message, cancellationToken).ConfigureAwait(false), null);
        }

        rendered = rendered with { Headers = recipients.HeadersFor(runtime, template, first.Recipient) };
        var routing = await router.DeliverAsync(rendered, cancellationToken).ConfigureAwait(false);
        var final = routing.Final;
        var decidedAt = time.GetUtcNow();
        var tried = lease with { Attempts = attempt, Provider = routing.Provider, DecidedAt = decidedAt };
        switch (final.Status)
        {
            case DeliveryStatus.Accepted:
                return (tried with { Outcome = NotificationState.Sent.WireName(), ProviderMessageId = final.ProviderMessageId, Reason = null }, null);

            case DeliveryStatus.Permanent:
                await recipients.RecordPermanentFailureAsync(runtime, first.Recipient, final, cancellationToken).ConfigureAwait(false);
                return (await DeadLetterAsync(context, tried, live, workSubject, NotificationState.Failed, final.Reason ?? "permanent failure", cancellationToken).ConfigureAwait(false), null);

            default:
                var why = final.Reason ?? "every provider failed";
                if (attempt >= runtime.MaxAttempts)
                {
                    return (await DeadLetterAsync(context, tried, live, workSubject, NotificationState.DeadLettered, $"gave up after {attempt} attempts: {why}", cancellationToken).ConfigureAwait(false), null);
                }

                var backoff = RetryBackoff.Compute(attempt, runtime.Backoff, runtime.MaxBackoff, Random);
                var delay = final.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
                await WriteAsync(context.Status, DigestRecord(runtime, tried, live, template.Name, decidedAt) with { State = NotificationState.Retrying, Reason = why, NextAttemptAt = decidedAt + delay }, cancellationToken)
                    .ConfigureAwait(false);
                logger.DigestRetrying(runtime.Key, lease.DigestId, attempt, delay, why);

                // The lease is let go, so the retry (on any replica) takes it at once.
                return (tried with { Reason = why, DecidedAt = null, ExpiresAt = decidedAt }, Later(decidedAt + delay));
        }
    }

    private async Task<DigestRelease> DeadLetterAsync(
        ChannelPipelineContext context, DigestRelease lease, List<DigestItem> live, string workSubject, NotificationState state, string reason, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new JsonArray([.. live.Select(i => (JsonNode)i.ToModel())]));
        await context.DeadLetters.PublishAsync(workSubject, payload, 0, lease.DigestId, reason, cancellationToken).ConfigureAwait(false);
        return lease with { Outcome = state.WireName(), Reason = reason, DecidedAt = lease.DecidedAt ?? time.GetUtcNow() };
    }

    /// <summary>Writes the digest's own record and every item's terminal record (items already recorded are left as they are).</summary>
    private async Task RecordAsync(ChannelPipelineContext context, ChannelRuntime runtime, DigestRelease lease, List<DigestItem> live, CancellationToken cancellationToken)
    {
        var state = StateOf(lease.Outcome!);
        var now = time.GetUtcNow();
        var sentAt = state == NotificationState.Sent ? lease.DecidedAt ?? now : (DateTimeOffset?)null;
        var template = DigestSettings.Of(runtime.Channel)?.Template ?? "";
        await WriteAsync(
            context.Status,
            DigestRecord(runtime, lease, live, template, now) with { State = state, Reason = lease.Reason, Provider = lease.Provider, ProviderMessageId = lease.ProviderMessageId, SentAt = sentAt },
            cancellationToken).ConfigureAwait(false);

        var outcome = OutcomeOf(state);
        var reason = state == NotificationState.Sent ? $"sent in digest {lease.DigestId}" : $"digest {lease.DigestId} {state.WireName()}: {lease.Reason}";
        foreach (var item in live)
        {
            var written = await WriteItemAsync(context.Status, runtime, item, current => current.State.IsTerminal()
                ? null
                : current with { State = state, DigestId = lease.DigestId, Provider = lease.Provider, SentAt = sentAt, Reason = reason, UpdatedAt = now, NextAttemptAt = null },
                now,
                cancellationToken).ConfigureAwait(false);
            if (written)
            {
                metrics.CountOutcome(runtime.Namespace, runtime.Name, lease.Provider, outcome);
            }
        }
    }

    private static async Task<bool> WriteItemAsync(
        ChannelStatusStore status, ChannelRuntime runtime, DigestItem item, Func<StatusRecord, StatusRecord?> change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var update = await status.UpdateAsync(item.NotificationId, entry => change(entry?.Record ?? NewItemRecord(runtime, item, now)), MaxWriteRounds, cancellationToken)
            .ConfigureAwait(false);
        return update switch
        {
            StatusUpdate.Written => true,
            StatusUpdate.Declined => false,
            _ => throw new InvalidOperationException($"could not record the digest outcome of notification {item.NotificationId}: its status keeps changing"),
        };
    }

    private static StatusRecord NewItemRecord(ChannelRuntime runtime, DigestItem item, DateTimeOffset now) => new()
    {
        Id = item.NotificationId,
        MessageId = item.MessageId,
        Namespace = runtime.Namespace,
        Channel = runtime.Name,
        State = NotificationState.Accepted,
        Template = item.Template,
        Recipient = item.Recipient,
        CreatedAt = now,
        UpdatedAt = now,
        PublishedAt = item.PublishedAt,
    };

    private static async Task WriteAsync(ChannelStatusStore status, StatusRecord record, CancellationToken cancellationToken)
    {
        var update = await status.UpdateAsync(record.Id, entry => entry is null ? record : record with { CreatedAt = entry.Record.CreatedAt }, MaxWriteRounds, cancellationToken)
            .ConfigureAwait(false);
        if (update != StatusUpdate.Written)
        {
            throw new InvalidOperationException($"could not record digest {record.Id}: its status keeps changing");
        }
    }

    private static StatusRecord DigestRecord(ChannelRuntime runtime, DigestRelease lease, List<DigestItem> live, string template, DateTimeOffset now) => new()
    {
        Id = lease.DigestId,
        MessageId = lease.DigestId,
        Namespace = runtime.Namespace,
        Channel = runtime.Name,
        State = NotificationState.Accepted,
        Template = template,
        Recipient = live.Count > 0 ? live[0].Recipient : null,
        Attempts = lease.Attempts,
        DigestId = lease.DigestId,
        DigestItems = live.Count,
        CreatedAt = now,
        UpdatedAt = now,
        PublishedAt = live.Count > 0 ? live.Min(i => i.PublishedAt) : now,
    };

    /// <summary>What the digest Template renders: data.items (id, template, publishedAt, data of each), data.count and data.key.</summary>
    private static JsonObject Model(List<DigestItem> live)
    {
        var model = new JsonObject
        {
            ["items"] = new JsonArray([.. live.Select(i => (JsonNode)i.ToModel())]),
            ["count"] = live.Count,
            ["key"] = live[0].Key,
        };

        // Parsed back, so every value has the shape of a decoded message's data (what the renderer reads).
        return JsonNode.Parse(model.ToJsonString())!.AsObject();
    }

    /// <summary>Opens the next digest for items that arrived while this one was released (or did not fit in it).</summary>
    private async Task ReopenAsync(DigestStore store, string group, string workSubject, DigestSettings? settings, CancellationToken cancellationToken)
    {
        var left = await store.CountAsync(group, cancellationToken).ConfigureAwait(false);
        if (left == 0)
        {
            return;
        }

        var open = await store.EnsureOpenAsync(group, workSubject, settings?.Window ?? DigestSettings.MinWindow, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (left >= (settings?.MaxItems ?? 1))
        {
            await store.RequestReleaseAsync(group, open.Id, workSubject, cancellationToken).ConfigureAwait(false);
        }
    }

    private static NotificationState StateOf(string outcome) => outcome switch
    {
        "sent" => NotificationState.Sent,
        "failed" => NotificationState.Failed,
        _ => NotificationState.DeadLettered,
    };

    private static string OutcomeOf(NotificationState state) => state switch
    {
        NotificationState.Sent => Outcomes.Sent,
        NotificationState.Failed => Outcomes.Failed,
        _ => Outcomes.DeadLettered,
    };
}
