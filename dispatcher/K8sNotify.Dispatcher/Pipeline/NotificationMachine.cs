using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>
/// The life of one notification as a pure function: (status record, event) → (new record, effect). No I/O, no clock,
/// no randomness; <see cref="NotificationProcessor"/> carries out the effects and feeds the results back.
/// </summary>
public static class NotificationMachine
{
    /// <summary>A due time closer than this is treated as now (waiting would take longer than the difference).</summary>
    public static readonly TimeSpan DueTolerance = TimeSpan.FromMilliseconds(20);

    /// <summary>Wait of a rate-limit "delay" verdict that came without a retry-after.</summary>
    public static readonly TimeSpan DefaultRateLimitDelay = TimeSpan.FromSeconds(1);

    /// <summary>The transition for <paramref name="e"/> from <paramref name="current"/>.</summary>
    public static NotificationStep Next(NotificationFacts facts, StatusRecord current, NotificationEvent e) => e.Kind switch
    {
        NotificationEventKind.Arrived => OnArrived(facts, current, e.Now),
        NotificationEventKind.RecipientChecked => OnRecipientChecked(facts, current, e.Recipient ?? RecipientVerdict.Send, e.Now),
        NotificationEventKind.Combined => OnCombined(current, e),
        NotificationEventKind.RateChecked => OnRateChecked(current, e.Verdict ?? RateLimitVerdict.Allowed, e.Now),
        NotificationEventKind.Rendered => OnRendered(current, e.Now),
        NotificationEventKind.RenderFailed => Finish(current, NotificationState.Failed, e.Reason ?? "the template did not render", e.Now, Outcomes.Failed, deadLetter: true),
        _ => OnDelivered(facts, current, e),
    };

    private static NotificationStep OnArrived(NotificationFacts facts, StatusRecord current, DateTimeOffset now)
    {
        if (current.State.IsTerminal())
        {
            return new NotificationStep(NotificationStepKind.Done, current) { Outcome = Outcomes.Suppressed };
        }

        if (current.State == NotificationState.Digesting)
        {
            // Already in a digest: the digest's release decides its outcome.
            return new NotificationStep(NotificationStepKind.HandOff, current);
        }

        if (current.State == NotificationState.Sending && now - current.UpdatedAt < facts.ClaimLease)
        {
            return new NotificationStep(NotificationStepKind.RecheckLater, current) { Due = now + facts.InFlightRecheck };
        }

        if (facts.SendAt is { } sendAt && sendAt - now > DueTolerance)
        {
            return Schedule(facts, current, sendAt, now);
        }

        if (current.State is NotificationState.Waiting or NotificationState.Retrying && current.NextAttemptAt is { } next && next - now > DueTolerance)
        {
            // Released (or redelivered) before its time: wait the rest, in the park store for a rate-limit wait.
            return new NotificationStep(NotificationStepKind.Wait, current) { Due = next, MustPark = current.State == NotificationState.Waiting };
        }

        return new NotificationStep(NotificationStepKind.CheckRecipient, current);
    }

    private static NotificationStep OnRecipientChecked(NotificationFacts facts, StatusRecord current, RecipientVerdict verdict, DateTimeOffset now)
    {
        switch (verdict.Action)
        {
            case RecipientAction.Suppress:
                var suppressed = current with { State = NotificationState.Suppressed, Suppression = verdict.Suppression, Reason = verdict.Reason, UpdatedAt = now, NextAttemptAt = null };
                return new NotificationStep(NotificationStepKind.Finish, suppressed) { Write = true, Outcome = Outcomes.Suppressed };

            case RecipientAction.Wait when verdict.WaitUntil is { } until:
                // Quiet hours wait like a scheduled send does, always in the park store (no ack-pending slot held).
                var changed = current.State != NotificationState.Scheduled || current.NextAttemptAt != until;
                var quiet = changed ? current with { State = NotificationState.Scheduled, Reason = verdict.Reason, NextAttemptAt = until, UpdatedAt = now } : current;
                return new NotificationStep(NotificationStepKind.Wait, quiet) { Write = changed, Due = until, MustPark = true };

            case RecipientAction.Send when facts.Digest:
                // Combined before the rate limit: the digest delivery is what reaches the recipient.
                return new NotificationStep(NotificationStepKind.Combine, current);

            default:
                return current.RateLimitAllowedAt is null
                    ? new NotificationStep(NotificationStepKind.CheckRateLimit, current)
                    : new NotificationStep(NotificationStepKind.Render, current);
        }
    }

    private static NotificationStep OnCombined(StatusRecord current, NotificationEvent e)
    {
        var digestId = e.DigestId ?? throw new ArgumentException("a Combined event carries the digest id", nameof(e));
        var combined = current with
        {
            State = NotificationState.Digesting,
            DigestId = digestId,
            Reason = $"combined into digest {digestId}",
            NextAttemptAt = e.Due,
            UpdatedAt = e.Now,
        };
        return new NotificationStep(NotificationStepKind.HandOff, combined) { Write = true };
    }

    private static NotificationStep Schedule(NotificationFacts facts, StatusRecord current, DateTimeOffset sendAt, DateTimeOffset now)
    {
        if (current.State != NotificationState.Scheduled && sendAt - now > facts.Horizon)
        {
            var reason = $"sendAt {sendAt:O} is beyond the Channel's scheduling horizon of {Durations.Format(facts.Horizon)}";
            return Finish(current, NotificationState.DeadLettered, reason, now, Outcomes.DeadLettered, deadLetter: true);
        }

        var scheduled = current with { State = NotificationState.Scheduled, SendAt = sendAt, NextAttemptAt = sendAt, UpdatedAt = now };
        var changed = current.State != NotificationState.Scheduled || current.NextAttemptAt != sendAt;
        return new NotificationStep(NotificationStepKind.Wait, changed ? scheduled : current) { Write = changed, Due = sendAt };
    }

    private static NotificationStep OnRateChecked(StatusRecord current, RateLimitVerdict verdict, DateTimeOffset now)
    {
        switch (verdict.Decision)
        {
            case RateLimitDecision.Allow:
                // Kept with the claim: a retry of this notification is not charged again.
                return new NotificationStep(NotificationStepKind.Render, current with { RateLimitAllowedAt = now });

            case RateLimitDecision.Delay:
                var wait = verdict.RetryAfter > TimeSpan.Zero ? verdict.RetryAfter : DefaultRateLimitDelay;
                var waiting = current with
                {
                    State = NotificationState.Waiting,
                    Reason = $"rate limit {verdict.Scope ?? "of the Channel"} exceeded (action delay)",
                    NextAttemptAt = now + wait,
                    UpdatedAt = now,
                };
                return new NotificationStep(NotificationStepKind.Wait, waiting) { Write = true, Due = now + wait, MustPark = true };

            default:
                var reason = $"rate limit {verdict.Scope ?? "of the Channel"} exceeded (action drop)";
                return Finish(current, NotificationState.RateLimited, reason, now, Outcomes.RateLimited, deadLetter: false);
        }
    }

    private static NotificationStep OnRendered(StatusRecord current, DateTimeOffset now) =>
        new(NotificationStepKind.Send, current with
        {
            State = NotificationState.Sending,
            Attempts = current.Attempts + 1,
            UpdatedAt = now,
            Reason = null,
            NextAttemptAt = null,
        })
        { Write = true };

    private static NotificationStep OnDelivered(NotificationFacts facts, StatusRecord claim, NotificationEvent e)
    {
        var routing = e.Routing ?? throw new ArgumentException("a Delivered event carries the routing result", nameof(e));
        var final = routing.Final;
        var now = e.Now;
        switch (final.Status)
        {
            case DeliveryStatus.Accepted:
                var sent = claim with { State = NotificationState.Sent, Provider = routing.Provider, ProviderMessageId = final.ProviderMessageId, SentAt = now, UpdatedAt = now };
                return new NotificationStep(NotificationStepKind.Finish, sent) { Write = true, Outcome = Outcomes.Sent };

            case DeliveryStatus.Permanent:
                return Finish(claim with { Provider = routing.Provider }, NotificationState.Failed, final.Reason ?? "permanent failure", now, Outcomes.Failed, deadLetter: true);

            default:
                var why = final.Reason ?? "every provider failed";
                if (claim.Attempts >= facts.MaxAttempts)
                {
                    return Finish(claim with { Provider = routing.Provider }, NotificationState.DeadLettered, $"gave up after {claim.Attempts} attempts: {why}", now, Outcomes.DeadLettered, deadLetter: true);
                }

                var delay = final.RetryAfter is { } retryAfter && retryAfter > e.Backoff ? retryAfter : e.Backoff;
                var retrying = claim with { State = NotificationState.Retrying, Provider = routing.Provider, Reason = why, UpdatedAt = now, NextAttemptAt = now + delay };
                return new NotificationStep(NotificationStepKind.Wait, retrying) { Write = true, Due = now + delay };
        }
    }

    private static NotificationStep Finish(StatusRecord current, NotificationState state, string reason, DateTimeOffset now, string outcome, bool deadLetter) =>
        new(NotificationStepKind.Finish, current with { State = state, Reason = reason, UpdatedAt = now, NextAttemptAt = null })
        {
            Write = true,
            DeadLetter = deadLetter,
            Outcome = outcome,
        };
}
