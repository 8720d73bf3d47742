namespace K8sNotify.Dispatcher.Digests;

/// <summary>Source-generated log messages of digests (event ids 6100-6199). Recipients never appear: only group hashes.</summary>
internal static partial class DigestLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Channel {Channel}: digest {DigestId} of {Items} notifications ended {State}")]
    public static partial void DigestReleased(this ILogger logger, string channel, string digestId, int items, string state);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Channel {Channel}: release of digest {DigestId} (group {Group}) has nothing to do")]
    public static partial void DigestReleaseStale(this ILogger logger, string channel, string digestId, string group);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Channel {Channel}: digest {DigestId} failed transiently (attempt {Attempts}), retrying in {Delay}: {Reason}")]
    public static partial void DigestRetrying(this ILogger logger, string channel, string digestId, int attempts, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Channel {Channel}: digest group {Group} held an item that is not one (sequence {Sequence}); it is dropped")]
    public static partial void DigestItemUnreadable(this ILogger logger, string channel, string group, ulong sequence);
}
