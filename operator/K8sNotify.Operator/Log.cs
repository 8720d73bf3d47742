namespace K8sNotify.Operator;

/// <summary>
/// The operator's source-generated log messages. EventId ranges: controllers 6000-6999 (the controller runtime's
/// own messages use 5000-5999, see K8sNotify.Operator.Runtime).
/// </summary>
internal static partial class Log
{
    // Controllers: Channel (6000-6099).
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Channel {Key} is {Condition}: {Reason}")]
    public static partial void ChannelCondition(ILogger logger, string key, string condition, string reason);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Channel {Key}: JetStream is unavailable; will retry")]
    public static partial void StreamUnavailable(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Channel {Key} deleted; stream {Stream} {Action}")]
    public static partial void ChannelDeleted(ILogger logger, string key, string stream, string action);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Channel {Key} applied {Count} children, checksum {Checksum}")]
    public static partial void ChildrenApplied(ILogger logger, string key, int count, string checksum);

    // Controllers: Template and Provider (6100-6199).
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "{Kind} {Key} is {Condition}: {Reason}")]
    public static partial void ResourceCondition(ILogger logger, string kind, string key, string condition, string reason);

    // Controllers: events and status (6200-6299).
    [LoggerMessage(EventId = 6200, Level = LogLevel.Debug, Message = "Event {Reason} on {Kind} {Name} not recorded: {Error}")]
    public static partial void EventNotRecorded(ILogger logger, string kind, string name, string reason, string error);
}
