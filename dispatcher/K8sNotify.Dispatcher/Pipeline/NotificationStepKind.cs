namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>The effect the caller of the state machine carries out next.</summary>
public enum NotificationStepKind
{
    /// <summary>Already terminal: nothing to do (a duplicate or a cancelled notification).</summary>
    Done,

    /// <summary>Another worker is sending it: look again at the due time, without writing.</summary>
    RecheckLater,

    /// <summary>Record the waiting state (when <see cref="NotificationStep.Write"/>) and come back at the due time.</summary>
    Wait,

    /// <summary>Ask the recipient's controls, then feed their verdict back.</summary>
    CheckRecipient,

    /// <summary>Store it in the Channel's digest for its recipient, then feed the digest back.</summary>
    Combine,

    /// <summary>Write the record (when <see cref="NotificationStep.Write"/>) and ack: a digest carries it on from here.</summary>
    HandOff,

    /// <summary>Ask the rate limiter, then feed its verdict back.</summary>
    CheckRateLimit,

    /// <summary>Render the template, then feed the result back.</summary>
    Render,

    /// <summary>Write the claim, call the providers, then feed their answer back.</summary>
    Send,

    /// <summary>Write the terminal record (after a dead letter when <see cref="NotificationStep.DeadLetter"/>).</summary>
    Finish,
}
