namespace K8sNotify.Api.Observability;

/// <summary>Values of the <c>outcome</c> label of <see cref="MetricNames.NotificationsTotal"/>.</summary>
public static class Outcomes
{
    /// <summary>A provider accepted the notification (good).</summary>
    public const string Sent = "sent";

    /// <summary>Delivery failed permanently (bad).</summary>
    public const string Failed = "failed";

    /// <summary>Dropped by a rate limit with action drop (excluded from availability).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The sender's input was invalid (excluded from availability).</summary>
    public const string Invalid = "invalid";

    /// <summary>Retries were exhausted and it went to the dead-letter subject (bad).</summary>
    public const string DeadLettered = "dead_lettered";

    /// <summary>Not sent because it was a duplicate, was cancelled, or its recipient opted out or is on the suppression list (excluded from availability).</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Every outcome, in a stable order.</summary>
    public static readonly IReadOnlyList<string> All = [Sent, Failed, RateLimited, Invalid, DeadLettered, Suppressed];

    /// <summary>Outcomes that count against the availability SLO.</summary>
    public static readonly IReadOnlyList<string> Bad = [Failed, DeadLettered];

    /// <summary>Outcomes that count as valid traffic for the availability SLO (good plus bad).</summary>
    public static readonly IReadOnlyList<string> Valid = [Sent, Failed, DeadLettered];
}
