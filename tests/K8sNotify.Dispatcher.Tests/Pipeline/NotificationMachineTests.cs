using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

public sealed class NotificationMachineTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>(case, state, sendAt offset s, nextAttemptAt offset s, rate allowed, event) → (step, new state, write, must park).</summary>
    public static TheoryData<string, NotificationState, int?, int?, bool, string, NotificationStepKind, NotificationState, bool, bool> Table => new()
    {
        { "new, due now: check the recipient", NotificationState.Accepted, null, null, false, "arrived", NotificationStepKind.CheckRecipient, NotificationState.Accepted, false, false },
        { "new, sendAt ahead: scheduled until sendAt", NotificationState.Accepted, 3600, null, false, "arrived", NotificationStepKind.Wait, NotificationState.Scheduled, true, false },
        { "new, sendAt beyond horizon: dead letter", NotificationState.Accepted, 40 * 86400, null, false, "arrived", NotificationStepKind.Finish, NotificationState.DeadLettered, true, false },
        { "scheduled, released early: wait without a write", NotificationState.Scheduled, 60, 60, false, "arrived", NotificationStepKind.Wait, NotificationState.Scheduled, false, false },
        { "scheduled, due: check the recipient", NotificationState.Scheduled, -1, -1, false, "arrived", NotificationStepKind.CheckRecipient, NotificationState.Scheduled, false, false },
        { "retrying, due: check the recipient", NotificationState.Retrying, null, -1, true, "arrived", NotificationStepKind.CheckRecipient, NotificationState.Retrying, false, false },
        { "retrying, redelivered early: wait the rest", NotificationState.Retrying, null, 30, true, "arrived", NotificationStepKind.Wait, NotificationState.Retrying, false, false },
        { "waiting for a rate limit, released early: park the rest", NotificationState.Waiting, null, 2, false, "arrived", NotificationStepKind.Wait, NotificationState.Waiting, false, true },
        { "sending by another worker: recheck", NotificationState.Sending, null, null, true, "arrived", NotificationStepKind.RecheckLater, NotificationState.Sending, false, false },
        { "cancelled: done", NotificationState.Cancelled, 60, 60, false, "arrived", NotificationStepKind.Done, NotificationState.Cancelled, false, false },
        { "sent: done", NotificationState.Sent, null, null, true, "arrived", NotificationStepKind.Done, NotificationState.Sent, false, false },
        { "recipient allows, not yet admitted: check the rate limit", NotificationState.Accepted, null, null, false, "recipient-send", NotificationStepKind.CheckRateLimit, NotificationState.Accepted, false, false },
        { "recipient allows, already admitted: render without a new charge", NotificationState.Retrying, null, -1, true, "recipient-send", NotificationStepKind.Render, NotificationState.Retrying, false, false },
        { "recipient opted out: suppressed", NotificationState.Accepted, null, null, false, "recipient-suppress", NotificationStepKind.Finish, NotificationState.Suppressed, true, false },
        { "recipient in quiet hours: scheduled until they end, always parked", NotificationState.Accepted, null, null, false, "recipient-wait", NotificationStepKind.Wait, NotificationState.Scheduled, true, true },
        { "quiet hours, released early: parked again without a write", NotificationState.Scheduled, null, 8 * 3600, false, "recipient-wait", NotificationStepKind.Wait, NotificationState.Scheduled, false, true },
        { "quiet hours over: released, the recipient is checked again", NotificationState.Scheduled, null, -1, false, "arrived", NotificationStepKind.CheckRecipient, NotificationState.Scheduled, false, false },
        { "quiet hours over, recipient allows: check the rate limit", NotificationState.Scheduled, null, -1, false, "recipient-send", NotificationStepKind.CheckRateLimit, NotificationState.Scheduled, false, false },
        { "recipient allows on a digest Channel: combine", NotificationState.Accepted, null, null, false, "recipient-send-digest", NotificationStepKind.Combine, NotificationState.Accepted, false, false },
        { "stored in a digest: digesting, acked", NotificationState.Accepted, null, null, false, "combined", NotificationStepKind.HandOff, NotificationState.Digesting, true, false },
        { "digesting, redelivered: hand off without a write", NotificationState.Digesting, null, 600, false, "arrived", NotificationStepKind.HandOff, NotificationState.Digesting, false, false },
        { "rate allow: render, admission kept", NotificationState.Accepted, null, null, false, "allow", NotificationStepKind.Render, NotificationState.Accepted, false, false },
        { "rate delay: waiting, always parked", NotificationState.Accepted, null, null, false, "delay", NotificationStepKind.Wait, NotificationState.Waiting, true, true },
        { "rate drop: rate limited", NotificationState.Accepted, null, null, false, "drop", NotificationStepKind.Finish, NotificationState.RateLimited, true, false },
        { "rendered: claim", NotificationState.Accepted, null, null, true, "rendered", NotificationStepKind.Send, NotificationState.Sending, true, false },
        { "render failed: failed", NotificationState.Accepted, null, null, true, "render-failed", NotificationStepKind.Finish, NotificationState.Failed, true, false },
        { "accepted by provider: sent", NotificationState.Sending, null, null, true, "accepted", NotificationStepKind.Finish, NotificationState.Sent, true, false },
        { "permanent failure: failed", NotificationState.Sending, null, null, true, "permanent", NotificationStepKind.Finish, NotificationState.Failed, true, false },
        { "transient failure, attempts left: retrying", NotificationState.Sending, null, null, true, "transient", NotificationStepKind.Wait, NotificationState.Retrying, true, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Next_StateAndEvent_GivesTheTableStep(
        string name, NotificationState state, int? sendAt, int? next, bool allowed, string @event, NotificationStepKind kind, NotificationState newState, bool write, bool mustPark)
    {
        var facts = Facts(sendAt is { } s ? Now.AddSeconds(s) : null) with { Digest = @event is "recipient-send-digest" or "combined" };
        var record = facts.NewRecord(Now.AddMinutes(-1)) with
        {
            State = state,
            Attempts = 1,
            UpdatedAt = Now.AddSeconds(-1),
            NextAttemptAt = next is { } n ? Now.AddSeconds(n) : null,
            RateLimitAllowedAt = allowed ? Now.AddMinutes(-1) : null,
        };

        var step = NotificationMachine.Next(facts, record, Event(@event));

        Assert.True(kind == step.Kind, $"{name}: {step.Kind}");
        Assert.Equal(newState, step.Record.State);
        Assert.Equal(write, step.Write);
        Assert.Equal(mustPark, step.MustPark);
    }

    [Fact]
    public void Next_TransientOnLastAttempt_DeadLettersWithTheReason()
    {
        var facts = Facts(null);
        var claim = facts.NewRecord(Now) with { State = NotificationState.Sending, Attempts = facts.MaxAttempts };

        var step = NotificationMachine.Next(facts, claim, Event("transient"));

        Assert.Equal(NotificationState.DeadLettered, step.Record.State);
        Assert.True(step.DeadLetter);
        Assert.StartsWith("gave up after 3 attempts: down", step.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_Combined_RecordPointsToTheDigestAndItsRelease()
    {
        var facts = Facts(null) with { Digest = true };

        var step = NotificationMachine.Next(facts, facts.NewRecord(Now), NotificationEvent.Combined(Now, "digest-1", Now.AddMinutes(10)));

        Assert.Equal("digest-1", step.Record.DigestId);
        Assert.Equal(Now.AddMinutes(10), step.Record.NextAttemptAt);
        Assert.Equal("combined into digest digest-1", step.Record.Reason);
        Assert.Null(step.Outcome);
    }

    [Fact]
    public void Next_ScheduledWait_NextAttemptAtIsSendAt()
    {
        var facts = Facts(Now.AddHours(2));

        var step = NotificationMachine.Next(facts, facts.NewRecord(Now), NotificationEvent.Arrived(Now));

        Assert.Equal(Now.AddHours(2), step.Due);
        Assert.Equal(Now.AddHours(2), step.Record.NextAttemptAt);
    }

    [Fact]
    public void Next_TransientWithRetryAfterLongerThanBackoff_WaitsForRetryAfter()
    {
        var facts = Facts(null);
        var claim = facts.NewRecord(Now) with { State = NotificationState.Sending, Attempts = 1 };
        var routing = new RoutingResult(DeliveryResult.Transient("429", TimeSpan.FromMinutes(3)), "p", []);

        var step = NotificationMachine.Next(facts, claim, NotificationEvent.Delivered(Now, routing, TimeSpan.FromSeconds(10)));

        Assert.Equal(Now.AddMinutes(3), step.Due);
    }

    private static NotificationEvent Event(string name) => name switch
    {
        "arrived" => NotificationEvent.Arrived(Now),
        "allow" => NotificationEvent.RateChecked(Now, RateLimitVerdict.Allowed),
        "recipient-send" or "recipient-send-digest" => NotificationEvent.RecipientChecked(Now, RecipientVerdict.Send),
        "combined" => NotificationEvent.Combined(Now, "digest-1", Now.AddMinutes(10)),
        "recipient-suppress" => NotificationEvent.RecipientChecked(Now, RecipientVerdict.Suppress("opted_out", "the recipient opted out")),
        "recipient-wait" => NotificationEvent.RecipientChecked(Now, new RecipientVerdict { Action = RecipientAction.Wait, WaitUntil = Now.AddHours(8), Reason = "quiet hours" }),
        "delay" => NotificationEvent.RateChecked(Now, new RateLimitVerdict(RateLimitDecision.Delay, TimeSpan.FromMilliseconds(300), "perRecipient")),
        "drop" => NotificationEvent.RateChecked(Now, new RateLimitVerdict(RateLimitDecision.Drop, TimeSpan.Zero, "perRecipient")),
        "rendered" => NotificationEvent.Rendered(Now),
        "render-failed" => NotificationEvent.RenderFailed(Now, "no such field"),
        "accepted" => NotificationEvent.Delivered(Now, new RoutingResult(DeliveryResult.Accepted("m-1"), "p", []), TimeSpan.FromSeconds(10)),
        "permanent" => NotificationEvent.Delivered(Now, new RoutingResult(DeliveryResult.Permanent("bad address"), "p", []), TimeSpan.FromSeconds(10)),
        _ => NotificationEvent.Delivered(Now, new RoutingResult(DeliveryResult.Transient("down"), "p", []), TimeSpan.FromSeconds(10)),
    };

    private static NotificationFacts Facts(DateTimeOffset? sendAt) => new()
    {
        Id = "n-1",
        MessageId = "n-1",
        Namespace = "default",
        Channel = "c",
        Recipient = "a@example.com",
        PublishedAt = Now.AddMinutes(-1),
        SendAt = sendAt,
        MaxAttempts = 3,
        Horizon = TimeSpan.FromDays(30),
        ClaimLease = TimeSpan.FromMinutes(1),
        InFlightRecheck = TimeSpan.FromSeconds(1),
    };
}
