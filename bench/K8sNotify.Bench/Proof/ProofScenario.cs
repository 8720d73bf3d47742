namespace K8sNotify.Bench.Proof;

/// <summary>
/// One row of the proof matrix: which provider delivers, whether rate limits, status tracking and the recipient controls
/// (preference and suppression lookups) are on, how many dispatcher processes share the consumer.
/// </summary>
internal sealed record ProofScenario(string Name, ProofSink Sink, bool RateLimits, bool StatusTracking, int Processes, bool Recipients = false)
{
    /// <summary>The baseline (email via outbox, status on, limits and recipient controls off, 1 process) and one change of it per row.</summary>
    public static IReadOnlyList<ProofScenario> Matrix { get; } =
    [
        new(ProofChecks.Outbox, ProofSink.Outbox, RateLimits: false, StatusTracking: true, Processes: 1),
        new(ProofChecks.Webhook, ProofSink.Webhook, RateLimits: false, StatusTracking: true, Processes: 1),
        new(ProofChecks.WebhookRecipients, ProofSink.Webhook, RateLimits: false, StatusTracking: true, Processes: 1, Recipients: true),
        new("outbox+limits", ProofSink.Outbox, RateLimits: true, StatusTracking: true, Processes: 1),
        new("outbox-status", ProofSink.Outbox, RateLimits: false, StatusTracking: false, Processes: 1),
        new(ProofChecks.OutboxTwoProcesses, ProofSink.Outbox, RateLimits: false, StatusTracking: true, Processes: 2),

        // Two processes without the outbox's per-file inode allocation and directory lock (see docs/benchmarks.md): the dispatchers' own scaling.
        new(ProofChecks.WebhookTwoProcesses, ProofSink.Webhook, RateLimits: false, StatusTracking: true, Processes: 2),
    ];
}
