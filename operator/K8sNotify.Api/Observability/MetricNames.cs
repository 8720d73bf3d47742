namespace K8sNotify.Api.Observability;

/// <summary>The metric names and labels the dispatcher exports and the SLO rules query: one contract, used by both.</summary>
public static class MetricNames
{
    /// <summary>Counter of notification outcomes, labels <c>channel, namespace, provider, outcome</c>.</summary>
    public const string NotificationsTotal = "k8snotify_notifications_total";

    /// <summary>Histogram of publish → provider-accepted seconds (the latency SLI), labels <c>channel, namespace</c>.</summary>
    public const string DeliveryDurationSeconds = "k8snotify_delivery_duration_seconds";

    /// <summary>Counter of provider requests, labels <c>provider, result</c>.</summary>
    public const string ProviderRequestsTotal = "k8snotify_provider_requests_total";

    /// <summary>Histogram of one provider request in seconds, label <c>provider</c>.</summary>
    public const string ProviderRequestDurationSeconds = "k8snotify_provider_request_duration_seconds";

    /// <summary>Gauge of a provider's circuit: 0 closed, 1 open, 2 half-open; label <c>provider</c>.</summary>
    public const string ProviderCircuitState = "k8snotify_provider_circuit_state";

    /// <summary>Counter of push tokens FCM reported as unregistered or invalid, label <c>provider</c> (tokens to prune).</summary>
    public const string PushInvalidTokensTotal = "k8snotify_push_invalid_tokens_total";

    /// <summary>Gauge of messages the Channel's consumer has not yet delivered, label <c>channel, namespace</c>.</summary>
    public const string ConsumerPending = "k8snotify_consumer_pending";

    /// <summary>Gauge of the age in seconds of the oldest message the Channel's consumer has not yet processed (0 when none), labels <c>channel, namespace</c>.</summary>
    public const string ConsumerOldestPendingAgeSeconds = "k8snotify_consumer_oldest_pending_age_seconds";

    /// <summary>Gauge: 1 while the Channel does not consume because it or every Provider of its chain is suspended, labels <c>channel, namespace</c>.</summary>
    public const string ChannelSuspended = "k8snotify_channel_suspended";

    /// <summary>Gauge of notifications accepted but not terminal past their deadline, label <c>channel</c>.</summary>
    public const string NotificationsStuck = "k8snotify_notifications_stuck";

    /// <summary>Gauge: 1 while the rate limiter runs on its fallback because Redis is unreachable.</summary>
    public const string RateLimiterDegraded = "k8snotify_rate_limiter_degraded";

    /// <summary>Counter of rate limiter decisions, labels <c>channel, scope, decision</c>.</summary>
    public const string RateLimitDecisionsTotal = "k8snotify_rate_limit_decisions_total";

    /// <summary>Counter of delivery receipts (Twilio status callbacks, generic provider callbacks), labels <c>channel, namespace, source, result</c>.</summary>
    public const string DeliveryReceiptsTotal = "k8snotify_delivery_receipts_total";

    /// <summary>Counter of status webhook deliveries (one per HTTP attempt), labels <c>channel, namespace, result</c> (delivered, failed, dead_lettered).</summary>
    public const string StatusWebhookDeliveriesTotal = "k8snotify_status_webhook_deliveries_total";

    public const string ChannelLabel = "channel";
    public const string NamespaceLabel = "namespace";
    public const string ProviderLabel = "provider";
    public const string OutcomeLabel = "outcome";
    public const string ResultLabel = "result";
    public const string SourceLabel = "source";

    /// <summary>Label names of <see cref="NotificationsTotal"/>, in export order (the SLO rules select on all but provider).</summary>
    public static readonly IReadOnlyList<string> NotificationsTotalLabels = [ChannelLabel, NamespaceLabel, ProviderLabel, OutcomeLabel];

    /// <summary>Label names of <see cref="DeliveryDurationSeconds"/> (besides the histogram's own <c>le</c>).</summary>
    public static readonly IReadOnlyList<string> DeliveryDurationLabels = [ChannelLabel, NamespaceLabel];

    /// <summary>Label names of <see cref="ConsumerPending"/>.</summary>
    public static readonly IReadOnlyList<string> ConsumerPendingLabels = [ChannelLabel, NamespaceLabel];

    /// <summary>
    /// Upper bounds (seconds) of the delivery-duration histogram. An SLO latency threshold must be one of these,
    /// otherwise the ratio under the threshold cannot be read from the histogram.
    /// </summary>
    public static readonly IReadOnlyList<double> DeliveryDurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>Upper bounds (seconds) of the provider request histogram.</summary>
    public static readonly IReadOnlyList<double> ProviderRequestBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
}
