namespace K8sNotify.Bench.Proof;

/// <summary>One row of the proof matrix: which provider delivers, whether rate limits and status tracking are on, how many dispatcher processes share the consumer.</summary>
internal sealed record ProofScenario(string Name, ProofSink Sink, bool RateLimits, bool StatusTracking, int Processes)
{
    /// <summary>The baseline (email via outbox, status on, limits off, 1 process) and one change of it per row.</summary>
    public static IReadOnlyList<ProofScenario> Matrix { get; } =
    [
        new("outbox", ProofSink.Outbox, RateLimits: false, StatusTracking: true, Processes: 1),
        new("webhook", ProofSink.Webhook, RateLimits: false, StatusTracking: true, Processes: 1),
        new("outbox+limits", ProofSink.Outbox, RateLimits: true, StatusTracking: true, Processes: 1),
        new("outbox-status", ProofSink.Outbox, RateLimits: false, StatusTracking: false, Processes: 1),
        new("outbox x2", ProofSink.Outbox, RateLimits: false, StatusTracking: true, Processes: 2),
    ];
}
