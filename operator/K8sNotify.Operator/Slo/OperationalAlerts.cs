namespace K8sNotify.Operator.Slo;

/// <summary>
/// Names and bounds of the operational alerts: per-Channel ones the operator generates with the SLO rules, and the
/// operator's own, shipped in the chart (charts/k8snotify/files/operator-rules.yaml). Each has a runbook.
/// </summary>
public static class OperationalAlerts
{
    public const string DispatchersDown = "K8sNotifyDispatchersDown";
    public const string DispatchersNotReady = "K8sNotifyDispatchersNotReady";
    public const string BacklogGrowing = "K8sNotifyConsumerBacklogGrowing";
    public const string OldestPendingTooOld = "K8sNotifyOldestPendingMessageTooOld";
    public const string DeadLettersIncreasing = "K8sNotifyDeadLettersIncreasing";
    public const string ProviderCircuitOpen = "K8sNotifyProviderCircuitOpen";
    public const string RateLimiterDegraded = "K8sNotifyRateLimiterDegraded";
    public const string NotificationsStuck = "K8sNotifyNotificationsStuck";

    public const string OperatorDown = "K8sNotifyOperatorDown";
    public const string OperatorNoLeader = "K8sNotifyOperatorNoLeader";
    public const string ChannelStalled = "K8sNotifyChannelStalled";
    public const string ChannelSloNotReady = "K8sNotifyChannelSloNotReady";

    /// <summary>How long no dispatcher of a Channel may be scraped as up before it pages.</summary>
    public static readonly TimeSpan DownFor = TimeSpan.FromMinutes(5);

    /// <summary>How long a Deployment may have fewer available than desired dispatchers (a rollout takes less).</summary>
    public static readonly TimeSpan NotReadyFor = TimeSpan.FromMinutes(15);

    /// <summary>Window over which the backlog must have grown, and for how long, before it is reported.</summary>
    public static readonly TimeSpan BacklogWindow = TimeSpan.FromMinutes(15);

    /// <summary>The oldest unprocessed message may wait this long before it is reported.</summary>
    public static readonly TimeSpan OldestPendingBound = TimeSpan.FromMinutes(10);

    /// <summary>Window in which any new dead letter is reported.</summary>
    public static readonly TimeSpan DeadLetterWindow = TimeSpan.FromMinutes(15);

    /// <summary>A provider circuit that has not closed once in this long is reported.</summary>
    public static readonly TimeSpan CircuitOpenBound = TimeSpan.FromMinutes(10);

    /// <summary>How long the rate limiter may run on its fallback before it is reported.</summary>
    public static readonly TimeSpan DegradedFor = TimeSpan.FromMinutes(10);

    /// <summary>How long notifications may stay stuck before it is reported.</summary>
    public static readonly TimeSpan StuckFor = TimeSpan.FromMinutes(15);

    /// <summary>The per-Channel alerts, generated for every Channel.</summary>
    public static readonly IReadOnlyList<string> ChannelAlerts =
    [
        DispatchersDown, DispatchersNotReady, BacklogGrowing, OldestPendingTooOld, DeadLettersIncreasing, ProviderCircuitOpen, RateLimiterDegraded, NotificationsStuck,
    ];

    /// <summary>The operator's own alerts (chart rule file).</summary>
    public static readonly IReadOnlyList<string> OperatorAlerts = [OperatorDown, OperatorNoLeader, ChannelStalled, ChannelSloNotReady];

    /// <summary>Every operational alert.</summary>
    public static readonly IReadOnlyList<string> All = [.. ChannelAlerts, .. OperatorAlerts];
}
