using K8sNotify.Api.Contract;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
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
/// Processes one message: decode ▶ validate ▶ (per recipient) run <see cref="NotificationMachine"/> and carry out its
/// effects (status writes, rate-limit checks, rendering, delivery, dead letters), then says whether to ack, NAK for a
/// short wait, or park the message until its earliest due time. Every outcome is in the status bucket (and the
/// dead-letter stream) before this returns, so the caller acks only recorded outcomes.
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
    private const int MaxWriteRounds = 4;

    /// <summary>How long a message fetched just as its Channel was suspended waits before it is offered again (it stays in the stream, unattempted).</summary>
    public static readonly TimeSpan SuspendedRedeliveryDelay = TimeSpan.FromSeconds(5);

    private readonly PipelineOptions _options = options.Value;

    /// <summary>Randomness of the backoff jitter; tests replace it with a seeded one.</summary>
    public Random Random { get; init; } = Random.Shared;

    public async Task<ProcessingDecision> ProcessAsync(ChannelPipelineContext context, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        var runtime = context.Runtime;
        if (runtime.Suspension is not null)
        {
            // Fetched in the moment the Channel was suspended: back to the stream without an attempt or a status change.
            return ProcessingDecision.Redeliver(SuspendedRedeliveryDelay);
        }

        var decoded = IncomingDecoder.Decode(incoming);
        if (decoded.Message is not { } message)
        {
            return await RejectAsync(context, runtime, incoming, decoded.Id, null, decoded.Error ?? "invalid", cancellationToken).ConfigureAwait(false);
        }

        var problem = MessageValidator.Validate(runtime, message, out var template);
        if (problem is not null || template is null)
        {
            return await RejectAsync(context, runtime, incoming, message.Id, message, problem ?? "invalid", cancellationToken).ConfigureAwait(false);
        }

        RecipientWait? earliest = null;
        for (var i = 0; i < message.To.Count; i++)
        {
            var wait = await ProcessRecipientAsync(context, runtime, template, message, i, incoming, cancellationToken).ConfigureAwait(false);
            earliest = RecipientWait.Earliest(earliest, wait);
        }

        // Recipients already done are skipped on the next delivery thanks to their terminal status records.
        return earliest is { } next ? Decide(next) : ProcessingDecision.Acknowledge;
    }

    private ProcessingDecision Decide(RecipientWait wait)
    {
        var delay = wait.Due - time.GetUtcNow();
        return wait.MustPark || delay > _options.ParkThreshold
            ? ProcessingDecision.Park(wait.Due, wait.Reason, wait.Attempts)
            : ProcessingDecision.Redeliver(delay);
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

    /// <summary>Returns null when the recipient's notification reached a terminal state, or when to look at it again.</summary>
    private async Task<RecipientWait?> ProcessRecipientAsync(
        ChannelPipelineContext context, ChannelRuntime runtime, CompiledTemplate template, NotificationMessage message, int index, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        var facts = FactsOf(runtime, message, index, incoming);
        var allowedAt = (DateTimeOffset?)null;

        // Each round re-reads the record; a lost compare-and-set means someone else moved it, so decide again.
        for (var round = 0; round < MaxWriteRounds; round++)
        {
            // A first delivery of a new message assumes no record and lets the create-only write detect one (saves a KV read).
            var entry = round == 0 && incoming is { NumDelivered: 1, Released: false } ? null : await context.Status.GetAsync(facts.Id, cancellationToken).ConfigureAwait(false);
            var current = entry?.Record ?? facts.NewRecord(time.GetUtcNow());
            if (allowedAt is not null && current.RateLimitAllowedAt is null)
            {
                // Admitted in an earlier round of this delivery: not charged again.
                current = current with { RateLimitAllowedAt = allowedAt };
            }

            var attempt = new RecipientAttempt(context, runtime, template, message, incoming, facts, entry?.Revision ?? 0);
            var result = await RunAsync(attempt, current, cancellationToken).ConfigureAwait(false);
            allowedAt ??= result.AllowedAt;
            if (!result.Conflict)
            {
                return result.Wait;
            }
        }

        return new RecipientWait(time.GetUtcNow() + _options.InFlightRecheck, false, "conflict", 0);
    }

    /// <summary>Feeds events to the machine until it asks to wait or finishes; a lost compare-and-set ends the round.</summary>
    private async Task<RoundResult> RunAsync(RecipientAttempt a, StatusRecord current, CancellationToken cancellationToken)
    {
        var step = NotificationMachine.Next(a.Facts, current, NotificationEvent.Arrived(time.GetUtcNow()));
        DateTimeOffset? allowedAt = null;
        string? locale = null;
        while (true)
        {
            switch (step.Kind)
            {
                case NotificationStepKind.Done:
                    metrics.CountOutcome(a.Runtime.Namespace, a.Runtime.Name, null, Outcomes.Suppressed);
                    logger.DuplicateSuppressed(a.Runtime.Key, a.Facts.Id, step.Record.State.WireName());
                    return RoundResult.Finished;

                case NotificationStepKind.RecheckLater:
                    return new RoundResult(new RecipientWait(step.Due!.Value, false, "in-flight", step.Record.Attempts), false, allowedAt);

                case NotificationStepKind.Wait:
                    if (step.Write && await a.Context.Status.TryWriteAsync(step.Record, a.Revision, cancellationToken).ConfigureAwait(false) is null)
                    {
                        return RoundResult.Conflicted(allowedAt);
                    }

                    return new RoundResult(new RecipientWait(step.Due!.Value, step.MustPark, ParkReason(step.Record.State), step.Record.Attempts), false, allowedAt);

                case NotificationStepKind.CheckRecipient:
                    var check = await recipients.CheckAsync(a.Runtime, a.Template, a.Message, a.Facts.Recipient!, cancellationToken).ConfigureAwait(false);
                    locale = check.Locale;
                    step = NotificationMachine.Next(a.Facts, step.Record, NotificationEvent.RecipientChecked(time.GetUtcNow(), check));
                    break;

                case NotificationStepKind.CheckRateLimit:
                    var verdict = await rateLimits.CheckMessageAsync(a.Runtime.Channel, a.Facts.Recipient!, cancellationToken).ConfigureAwait(false);
                    step = NotificationMachine.Next(a.Facts, step.Record, NotificationEvent.RateChecked(time.GetUtcNow(), verdict));
                    allowedAt = step.Record.RateLimitAllowedAt;
                    break;

                case NotificationStepKind.Render:
                    return await RenderAndSendAsync(a, step.Record, locale, cancellationToken).ConfigureAwait(false) with { AllowedAt = allowedAt };

                default:
                    return await FinishAsync(a, step, cancellationToken).ConfigureAwait(false) ? RoundResult.Finished : RoundResult.Conflicted(allowedAt);
            }
        }
    }

    private async Task<RoundResult> RenderAndSendAsync(RecipientAttempt a, StatusRecord current, string? locale, CancellationToken cancellationToken)
    {
        RenderedNotification rendered;
        try
        {
            rendered = await a.Runtime.Renderer.RenderAsync(
                a.Template.Template,
                locale is { } preferred ? a.Message with { Locale = preferred } : a.Message,
                new RenderContext(a.Facts.Id, a.Runtime.Namespace, a.Runtime.Name, a.Runtime.Type, a.Facts.Recipient!, a.Facts.PublishedAt, current.Attempts + 1),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RenderException e)
        {
            var failed = NotificationMachine.Next(a.Facts, current, NotificationEvent.RenderFailed(time.GetUtcNow(), e.Message));
            return await FinishAsync(a, failed, cancellationToken).ConfigureAwait(false) ? RoundResult.Finished : RoundResult.Conflicted(null);
        }

        rendered = rendered with { Headers = recipients.HeadersFor(a.Runtime, a.Template, a.Facts.Recipient!) };
        var claimStep = NotificationMachine.Next(a.Facts, current, NotificationEvent.Rendered(time.GetUtcNow()));
        if (await a.Context.Status.TryWriteAsync(claimStep.Record, a.Revision, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            return RoundResult.Conflicted(null);
        }

        var routing = await router.DeliverAsync(rendered, cancellationToken).ConfigureAwait(false);
        if (routing.Final.Status == DeliveryStatus.Permanent)
        {
            await recipients.RecordPermanentFailureAsync(a.Runtime, a.Facts.Recipient!, routing.Final, cancellationToken).ConfigureAwait(false);
        }

        var backoff = RetryBackoff.Compute(claim.Record.Attempts, a.Runtime.Backoff, a.Runtime.MaxBackoff, Random);
        var outcome = NotificationMachine.Next(a.Facts, claim.Record, NotificationEvent.Delivered(time.GetUtcNow(), routing, backoff));
        await RecordAfterClaimAsync(a, claim, outcome, cancellationToken).ConfigureAwait(false);
        return outcome.Kind == NotificationStepKind.Wait
            ? new RoundResult(new RecipientWait(outcome.Due!.Value, false, ParkReason(outcome.Record.State), outcome.Record.Attempts), false, null)
            : RoundResult.Finished;
    }

    /// <summary>Writes a terminal record before any claim (dead letter first: a crash in between repeats the publish, which the dead-letter stream de-duplicates).</summary>
    private async Task<bool> FinishAsync(RecipientAttempt a, NotificationStep step, CancellationToken cancellationToken)
    {
        if (step.DeadLetter)
        {
            await a.Context.DeadLetters.PublishAsync(a.Incoming.Subject, a.Incoming.Data, a.Incoming.StreamSequence, a.Facts.Id, step.Record.Reason ?? "", cancellationToken).ConfigureAwait(false);
        }

        if (await a.Context.Status.TryWriteAsync(step.Record, a.Revision, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        Count(a.Runtime, step, a.Incoming);
        return true;
    }

    /// <summary>
    /// Records what happened after this worker claimed the notification. The attempt really happened, so a concurrent
    /// change (a cancel racing the send) does not erase it: the outcome is written over the newer revision.
    /// </summary>
    private async Task RecordAfterClaimAsync(RecipientAttempt a, StatusEntry claim, NotificationStep step, CancellationToken cancellationToken)
    {
        if (step.DeadLetter)
        {
            await a.Context.DeadLetters.PublishAsync(a.Incoming.Subject, a.Incoming.Data, a.Incoming.StreamSequence, a.Facts.Id, step.Record.Reason ?? "", cancellationToken).ConfigureAwait(false);
        }

        var revision = claim.Revision;
        for (var round = 0; round < MaxWriteRounds; round++)
        {
            if (await a.Context.Status.TryWriteAsync(step.Record, revision, cancellationToken).ConfigureAwait(false) is not null)
            {
                Count(a.Runtime, step, a.Incoming);
                return;
            }

            revision = (await a.Context.Status.GetAsync(step.Record.Id, cancellationToken).ConfigureAwait(false))?.Revision ?? 0;
        }

        throw new InvalidOperationException($"could not record the outcome of notification {step.Record.Id}: its status keeps changing");
    }

    private void Count(ChannelRuntime runtime, NotificationStep step, IncomingMessage incoming)
    {
        var record = step.Record;
        if (step.Outcome is { } outcome)
        {
            metrics.CountOutcome(runtime.Namespace, runtime.Name, record.State == NotificationState.RateLimited ? null : record.Provider, outcome);
        }

        switch (record.State)
        {
            case NotificationState.Sent:
                var start = record.SendAt is { } s && s > incoming.PublishedAt ? s : incoming.PublishedAt;
                metrics.ObserveDelivery(runtime.Namespace, runtime.Name, record.SentAt!.Value - start);
                logger.NotificationSent(runtime.Key, record.Id, record.Provider, record.Attempts);
                break;
            case NotificationState.Retrying:
                logger.NotificationRetrying(runtime.Key, record.Id, record.Attempts, record.NextAttemptAt!.Value - record.UpdatedAt, record.Reason ?? "");
                break;
            case NotificationState.RateLimited:
                logger.RateLimitDropped(runtime.Key, record.Id, record.Reason);
                break;
            case NotificationState.Suppressed:
                logger.NotificationSuppressed(runtime.Key, record.Id, record.Suppression ?? "");
                break;
            case NotificationState.DeadLettered:
                logger.NotificationDeadLettered(runtime.Key, record.Id, record.Attempts, record.Reason ?? "");
                break;
            case NotificationState.Failed:
                logger.NotificationFailed(runtime.Key, record.Id, record.Reason ?? "");
                break;
        }
    }

    private NotificationFacts FactsOf(ChannelRuntime runtime, NotificationMessage message, int index, IncomingMessage incoming) => new()
    {
        Id = message.NotificationId(index),
        MessageId = message.Id,
        Namespace = runtime.Namespace,
        Channel = runtime.Name,
        Template = message.Template,
        Recipient = message.To[index],
        PublishedAt = incoming.PublishedAt,
        SendAt = message.SendAt,
        MaxAttempts = runtime.MaxAttempts,
        Horizon = SchedulingWindow.Of(runtime.Channel).Horizon,
        ClaimLease = _options.ClaimLease,
        InFlightRecheck = _options.InFlightRecheck,
    };

    private static string ParkReason(NotificationState state) => state switch
    {
        NotificationState.Scheduled => "schedule",
        NotificationState.Waiting => "rate_limit",
        _ => "retry",
    };

    /// <summary>What one recipient's processing works with.</summary>
    private sealed record RecipientAttempt(
        ChannelPipelineContext Context, ChannelRuntime Runtime, CompiledTemplate Template, NotificationMessage Message, IncomingMessage Incoming, NotificationFacts Facts, ulong Revision);

    /// <summary>How one round ended: finished (null wait), waiting, or lost a compare-and-set.</summary>
    private sealed record RoundResult(RecipientWait? Wait, bool Conflict, DateTimeOffset? AllowedAt)
    {
        public static readonly RoundResult Finished = new(null, false, null);

        public static RoundResult Conflicted(DateTimeOffset? allowedAt) => new(null, true, allowedAt);
    }
}
