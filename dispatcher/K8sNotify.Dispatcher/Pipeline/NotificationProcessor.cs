using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Contract.CloudEvents;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Rendering;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>
/// Processes one message: decode ▶ validate ▶ (per recipient) dedupe ▶ schedule ▶ recipient controls ▶ rate limit ▶ render ▶ claim ▶ deliver ▶ record,
/// and says whether to ack or NAK it. Every outcome is in the status bucket (and the dead-letter stream) before this returns,
/// so the caller acks only recorded outcomes.
/// </summary>
public sealed class NotificationProcessor(
    IDeliveryRouter router,
    IRateLimitGate rateLimits,
    IRecipientGate recipients,
    DispatcherMetrics metrics,
    TimeProvider time,
    IOptions<PipelineOptions> options,
    ILogger<NotificationProcessor> logger)
{
    /// <summary>A sendAt closer than this is treated as now (the NAK round trip would take longer).</summary>
    public static readonly TimeSpan ScheduleTolerance = TimeSpan.FromMilliseconds(20);

    /// <summary>Delay of a rate-limit "delay" verdict that came without a retry-after.</summary>
    public static readonly TimeSpan DefaultRateLimitDelay = TimeSpan.FromSeconds(1);

    private const int MaxWriteRounds = 4;

    private readonly PipelineOptions _options = options.Value;

    /// <summary>Randomness of the backoff jitter; tests replace it with a seeded one.</summary>
    public Random Random { get; init; } = Random.Shared;

    public async Task<ProcessingDecision> ProcessAsync(ChannelPipelineContext context, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        var runtime = context.Runtime;
        var envelope = CloudEventUnwrapper.Unwrap(incoming.Data, incoming.Headers, incoming.MsgIdHeader);
        if (envelope.Error is { } invalidEvent)
        {
            return await RejectAsync(context, runtime, incoming, incoming.MsgIdHeader, null, invalidEvent, cancellationToken).ConfigureAwait(false);
        }

        var decoded = MessageDecoder.Decode(envelope.Data.Span, envelope.FallbackId);
        if (decoded.Message is not { } message)
        {
            return await RejectAsync(context, runtime, incoming, decoded.Id, null, decoded.Error ?? "invalid", cancellationToken).ConfigureAwait(false);
        }

        var problem = MessageValidator.Validate(runtime, message, out var template);
        if (problem is not null || template is null)
        {
            return await RejectAsync(context, runtime, incoming, message.Id, message, problem ?? "invalid", cancellationToken).ConfigureAwait(false);
        }

        TimeSpan? redeliverAfter = null;
        for (var i = 0; i < message.To.Count; i++)
        {
            var delay = await ProcessRecipientAsync(context, runtime, template, message, i, incoming, cancellationToken).ConfigureAwait(false);
            if (delay is { } d)
            {
                redeliverAfter = redeliverAfter is { } current && current < d ? current : d;
            }
        }

        // Recipients already done are skipped on redelivery thanks to their terminal status records.
        return redeliverAfter is { } after ? ProcessingDecision.Redeliver(after) : ProcessingDecision.Acknowledge;
    }

    private async Task<ProcessingDecision> RejectAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, IncomingMessage incoming, string? id, NotificationMessage? message, string reason, CancellationToken cancellationToken)
    {
        var full = "invalid message: " + reason;
        await context.DeadLetters.PublishAsync(incoming.Subject, incoming.Data, incoming.StreamSequence, id, full, cancellationToken).ConfigureAwait(false);
        if (id is not null)
        {
            var now = time.GetUtcNow();

            // Only a new record: an invalid duplicate must not overwrite the status of a notification that was sent.
            await context.Status.TryWriteAsync(
                new StatusRecord
                {
                    Id = id,
                    MessageId = id,
                    Namespace = runtime.Namespace,
                    Channel = runtime.Name,
                    State = NotificationState.DeadLettered,
                    Template = message?.Template,
                    Reason = full,
                    CreatedAt = now,
                    UpdatedAt = now,
                    PublishedAt = incoming.PublishedAt,
                },
                expectedRevision: 0,
                cancellationToken).ConfigureAwait(false);
        }

        metrics.CountOutcome(runtime.Namespace, runtime.Name, null, Outcomes.Invalid);
        logger.MessageInvalid(runtime.Key, id, incoming.StreamSequence, reason);
        return ProcessingDecision.Acknowledge;
    }

    /// <summary>Returns null when the recipient's notification reached a terminal state, or the delay after which to look again.</summary>
    private async Task<TimeSpan?> ProcessRecipientAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, CompiledTemplate template, NotificationMessage message, int index, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        var status = context.Status;
        var id = message.NotificationId(index);
        var recipient = message.To[index];

        // Each round re-reads the record; a lost compare-and-set means someone else moved it, so decide again.
        for (var round = 0; round < MaxWriteRounds; round++)
        {
            // First delivery: assume no record and let the create-only write detect one (saves a KV read per message).
            var entry = round == 0 && incoming.NumDelivered == 1 ? null : await status.GetAsync(id, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (entry is { Record.State: var state } && state.IsTerminal())
            {
                metrics.CountOutcome(runtime.Namespace, runtime.Name, null, Outcomes.Suppressed);
                logger.DuplicateSuppressed(runtime.Key, id, state.WireName());
                return null;
            }

            if (entry is { Record.State: NotificationState.Sending } claimed && now - claimed.Record.UpdatedAt < _options.ClaimLease)
            {
                // Another worker is sending it right now (a duplicate publish); look again once it is done.
                return _options.InFlightRecheck;
            }

            var current = entry?.Record ?? new StatusRecord
            {
                Id = id,
                MessageId = message.Id,
                Namespace = runtime.Namespace,
                Channel = runtime.Name,
                State = NotificationState.Accepted,
                Template = message.Template,
                Recipient = recipient,
                CreatedAt = now,
                UpdatedAt = now,
                PublishedAt = incoming.PublishedAt,
                SendAt = message.SendAt,
            };
            var revision = entry?.Revision ?? 0;

            if (message.SendAt is { } sendAt && sendAt - now > ScheduleTolerance)
            {
                if (current.State != NotificationState.Scheduled
                    && await status.TryWriteAsync(current with { State = NotificationState.Scheduled, SendAt = sendAt, UpdatedAt = now }, revision, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                var wait = sendAt - now;
                return wait < _options.MaxScheduleHop ? wait : _options.MaxScheduleHop;
            }

            var check = await recipients.CheckAsync(runtime, template, message, recipient, cancellationToken).ConfigureAwait(false);
            if (check.Action == RecipientAction.Suppress)
            {
                var suppressed = current with { State = NotificationState.Suppressed, Suppression = check.Suppression, Reason = check.Reason, UpdatedAt = now, NextAttemptAt = null };
                if (await status.TryWriteAsync(suppressed, revision, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                metrics.CountOutcome(runtime.Namespace, runtime.Name, null, Outcomes.Suppressed);
                logger.NotificationSuppressed(runtime.Key, id, check.Suppression ?? "");
                return null;
            }

            if (check is { Action: RecipientAction.Wait, WaitUntil: { } quietUntil })
            {
                // Quiet hours wait like a scheduled send does.
                if (current.State != NotificationState.Scheduled
                    && await status.TryWriteAsync(current with { State = NotificationState.Scheduled, Reason = check.Reason, NextAttemptAt = quietUntil, UpdatedAt = now }, revision, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                var quietWait = quietUntil - now;
                return quietWait < _options.MaxScheduleHop ? quietWait : _options.MaxScheduleHop;
            }

            var verdict = await rateLimits.CheckMessageAsync(runtime.Channel, recipient, cancellationToken).ConfigureAwait(false);
            if (verdict.Decision == RateLimitDecision.Delay)
            {
                // Not an attempt: the message simply waits for the limit.
                return verdict.RetryAfter > TimeSpan.Zero ? verdict.RetryAfter : DefaultRateLimitDelay;
            }

            if (verdict.Decision == RateLimitDecision.Drop)
            {
                var reason = $"rate limit {verdict.Scope ?? "of the Channel"} exceeded (action drop)";
                if (await status.TryWriteAsync(current with { State = NotificationState.RateLimited, Reason = reason, UpdatedAt = now }, revision, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                metrics.CountOutcome(runtime.Namespace, runtime.Name, null, Outcomes.RateLimited);
                logger.RateLimitDropped(runtime.Key, id, verdict.Scope);
                return null;
            }

            var attempt = current.Attempts + 1;
            RenderedNotification rendered;
            try
            {
                rendered = await runtime.Renderer.RenderAsync(
                    template.Template,
                    check.Locale is { } preferredLocale ? message with { Locale = preferredLocale } : message,
                    new RenderContext(id, runtime.Namespace, runtime.Name, runtime.Type, recipient, incoming.PublishedAt, attempt),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RenderException e)
            {
                if (!await FinishAsync(context, runtime, incoming, current, revision, NotificationState.Failed, e.Message, null, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                return null;
            }

            rendered = rendered with { Headers = recipients.HeadersFor(runtime, template, recipient) };
            var claim = await status.TryWriteAsync(
                current with { State = NotificationState.Sending, Attempts = attempt, UpdatedAt = now, Reason = null, NextAttemptAt = null },
                revision,
                cancellationToken).ConfigureAwait(false);
            if (claim is null)
            {
                continue;
            }

            var routing = await router.DeliverAsync(rendered, cancellationToken).ConfigureAwait(false);
            var final = routing.Final;
            var done = time.GetUtcNow();
            switch (final.Status)
            {
                case DeliveryStatus.Accepted:
                    await WriteAfterClaimAsync(
                        status,
                        claim,
                        claim.Record with { State = NotificationState.Sent, Provider = routing.Provider, ProviderMessageId = final.ProviderMessageId, SentAt = done, UpdatedAt = done },
                        cancellationToken).ConfigureAwait(false);
                    metrics.CountOutcome(runtime.Namespace, runtime.Name, routing.Provider, Outcomes.Sent);
                    var start = message.SendAt is { } s && s > incoming.PublishedAt ? s : incoming.PublishedAt;
                    metrics.ObserveDelivery(runtime.Namespace, runtime.Name, done - start);
                    logger.NotificationSent(runtime.Key, id, routing.Provider, attempt);
                    return null;

                case DeliveryStatus.Permanent:
                    await recipients.RecordPermanentFailureAsync(runtime, recipient, final, cancellationToken).ConfigureAwait(false);
                    await FinishAfterClaimAsync(context, runtime, incoming, claim, NotificationState.Failed, final.Reason ?? "permanent failure", routing.Provider, cancellationToken).ConfigureAwait(false);
                    return null;

                default:
                    var why = final.Reason ?? "every provider failed";
                    if (attempt >= runtime.MaxAttempts)
                    {
                        await FinishAfterClaimAsync(
                            context, runtime, incoming, claim, NotificationState.DeadLettered, $"gave up after {attempt} attempts: {why}", routing.Provider, cancellationToken).ConfigureAwait(false);
                        return null;
                    }

                    var delay = RetryBackoff.Compute(attempt, runtime.Backoff, runtime.MaxBackoff, Random);
                    if (final.RetryAfter is { } retryAfter && retryAfter > delay)
                    {
                        delay = retryAfter;
                    }

                    await WriteAfterClaimAsync(
                        status,
                        claim,
                        claim.Record with { State = NotificationState.Retrying, Provider = routing.Provider, Reason = why, UpdatedAt = done, NextAttemptAt = done + delay },
                        cancellationToken).ConfigureAwait(false);
                    logger.NotificationRetrying(runtime.Key, id, attempt, delay, why);
                    return delay;
            }
        }

        return _options.InFlightRecheck;
    }

    /// <summary>Records a permanent failure or dead letter (dead letter first, so a crash in between repeats the publish, which the dead-letter stream de-duplicates).</summary>
    private async Task<bool> FinishAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, IncomingMessage incoming, StatusRecord current, ulong revision, NotificationState state, string reason, string? provider, CancellationToken cancellationToken)
    {
        await context.DeadLetters.PublishAsync(incoming.Subject, incoming.Data, incoming.StreamSequence, current.Id, reason, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (await context.Status.TryWriteAsync(current with { State = state, Reason = reason, Provider = provider ?? current.Provider, UpdatedAt = now }, revision, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        Count(runtime, current.Id, state, reason, provider, current.Attempts);
        return true;
    }

    private async Task FinishAfterClaimAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, IncomingMessage incoming, StatusEntry claim, NotificationState state, string reason, string? provider, CancellationToken cancellationToken)
    {
        await context.DeadLetters.PublishAsync(incoming.Subject, incoming.Data, incoming.StreamSequence, claim.Record.Id, reason, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        await WriteAfterClaimAsync(context.Status, claim, claim.Record with { State = state, Reason = reason, Provider = provider, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        Count(runtime, claim.Record.Id, state, reason, provider, claim.Record.Attempts);
    }

    private void Count(ChannelRuntime runtime, string id, NotificationState state, string reason, string? provider, int attempts)
    {
        if (state == NotificationState.DeadLettered)
        {
            metrics.CountOutcome(runtime.Namespace, runtime.Name, provider, Outcomes.DeadLettered);
            logger.NotificationDeadLettered(runtime.Key, id, attempts, reason);
        }
        else
        {
            metrics.CountOutcome(runtime.Namespace, runtime.Name, provider, Outcomes.Failed);
            logger.NotificationFailed(runtime.Key, id, reason);
        }
    }

    /// <summary>
    /// Records what happened after this worker claimed the notification. The attempt really happened, so a concurrent
    /// change (a cancel racing the send) does not erase it: the outcome is written over the newer revision.
    /// </summary>
    private static async Task WriteAfterClaimAsync(ChannelStatusStore status, StatusEntry claim, StatusRecord outcome, CancellationToken cancellationToken)
    {
        var revision = claim.Revision;
        for (var round = 0; round < MaxWriteRounds; round++)
        {
            if (await status.TryWriteAsync(outcome, revision, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }

            revision = (await status.GetAsync(outcome.Id, cancellationToken).ConfigureAwait(false))?.Revision ?? 0;
        }

        throw new InvalidOperationException($"could not record the outcome of notification {outcome.Id}: its status keeps changing");
    }
}
