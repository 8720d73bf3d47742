namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>What to tell JetStream once a message's outcome is recorded: ack it, NAK it for a short redelivery delay, or park it until it is due (then ack).</summary>
public sealed record ProcessingDecision(bool Ack, TimeSpan NakDelay)
{
    public static readonly ProcessingDecision Acknowledge = new(true, TimeSpan.Zero);

    /// <summary>When set, the message is parked until this time and acked on the work consumer.</summary>
    public DateTimeOffset? ParkUntil { get; init; }

    /// <summary>Why a parked message waits (schedule, rate_limit, retry).</summary>
    public string? ParkReason { get; init; }

    /// <summary>Delivery attempts so far of a parked message's earliest notification.</summary>
    public int Attempts { get; init; }

    public static ProcessingDecision Redeliver(TimeSpan delay) => new(false, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);

    public static ProcessingDecision Park(DateTimeOffset due, string reason, int attempts) => new(true, TimeSpan.Zero) { ParkUntil = due, ParkReason = reason, Attempts = attempts };
}
