namespace K8sNotify.Dispatcher.Recipients;

/// <summary>Source-generated log messages of the recipient controls (event ids 6000-6099). Recipients never appear: only hashes or nothing.</summary>
internal static partial class RecipientLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Watch of KV bucket {Bucket} failed, restarting (lookups read the bucket meanwhile): {Reason}")]
    public static partial void RecipientWatchFailed(this ILogger logger, string bucket, string reason);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Channel {Channel}: notification {Id} suppressed ({Suppression})")]
    public static partial void NotificationSuppressed(this ILogger logger, string channel, string id, string suppression);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Channel {Channel}: recipient {RecipientKey} added to the suppression list: {Reason}")]
    public static partial void RecipientSuppressed(this ILogger logger, string channel, string recipientKey, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Namespace {Namespace}: recipient {RecipientKey} opted out of {What} ({Source})")]
    public static partial void RecipientOptedOut(this ILogger logger, string @namespace, string recipientKey, string what, string source);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Namespace {Namespace}: recipient {RecipientKey} opted back in to {What} ({Source})")]
    public static partial void RecipientOptedIn(this ILogger logger, string @namespace, string recipientKey, string what, string source);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Unsubscribe link rejected: {Reason}")]
    public static partial void UnsubscribeRejected(this ILogger logger, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Channel {Channel}: could not record what a permanent failure says about the recipient: {Reason}")]
    public static partial void RecipientFaultNotRecorded(this ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Twilio inbound message rejected: invalid X-Twilio-Signature from {Remote}")]
    public static partial void InboundSignatureRejected(this ILogger logger, string? remote);
}
