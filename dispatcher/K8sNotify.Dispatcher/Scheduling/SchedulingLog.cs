namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>Source-generated log messages of parking, release and the stuck-notification audit (event ids 1200-1299).</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Channel {Channel}: releasing parked notifications failed, next tick retries: {Reason}")]
    public static partial void ParkReleaseFailed(this ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Channel {Channel}: parked message {Id} not released: all its notifications are final (cancelled)")]
    public static partial void ParkedNotificationDropped(this ILogger logger, string channel, string id);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Channel {Channel}: notification {Id} was {State} past its due time {Due} plus the grace period; dead-lettered")]
    public static partial void StuckNotificationDeadLettered(this ILogger logger, string channel, string id, string state, DateTimeOffset due);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Channel {Channel}: the stuck-notification audit failed: {Reason}")]
    public static partial void StuckAuditFailed(this ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Channel {Channel}: the consumer has {Pending} pending messages and made no progress for {Stalled}")]
    public static partial void ConsumerStalled(this ILogger logger, string channel, ulong pending, TimeSpan stalled);
}
