namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>What to tell JetStream once a message's outcome is recorded: ack it, or NAK it for redelivery after a delay.</summary>
public sealed record ProcessingDecision(bool Ack, TimeSpan NakDelay)
{
    public static readonly ProcessingDecision Acknowledge = new(true, TimeSpan.Zero);

    public static ProcessingDecision Redeliver(TimeSpan delay) => new(false, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
}
