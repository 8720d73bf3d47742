using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>The state machine's answer: the record after the transition, whether to write it, and the effect to carry out.</summary>
public sealed record NotificationStep(NotificationStepKind Kind, StatusRecord Record)
{
    /// <summary>Whether <see cref="Record"/> differs from what is stored and must be written (compare-and-set).</summary>
    public bool Write { get; init; }

    /// <summary>When to come back (<see cref="NotificationStepKind.Wait"/>, <see cref="NotificationStepKind.RecheckLater"/>).</summary>
    public DateTimeOffset? Due { get; init; }

    /// <summary>Wait in the park store even when the due time is close (a rate-limit delay: no spinning on the consumer).</summary>
    public bool MustPark { get; init; }

    /// <summary>Publish the message to the dead-letter stream before writing the terminal record.</summary>
    public bool DeadLetter { get; init; }

    /// <summary>The outcome counted in the metrics (<see cref="K8sNotify.Api.Observability.Outcomes"/>), when one is counted.</summary>
    public string? Outcome { get; init; }
}
