namespace K8sNotify.Dispatcher;

/// <summary>The dispatcher's source-generated log messages; EventIds are grouped by feature (providers 2000-2999).</summary>
internal static partial class Log
{
    // Providers, resilience and routing: 2000-2999. Never pass a secret, a recipient's credentials or an exception
    // message from a vendor library here: those may quote URLs or payloads; log the exception type instead.
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Provider {Provider}: circuit opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string provider, TimeSpan breakDuration);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Provider {Provider}: circuit half-open, sending a trial request")]
    public static partial void CircuitHalfOpened(ILogger logger, string provider);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Provider {Provider}: circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string provider);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Provider {Provider}: retry {Attempt} in {Delay} after {Reason}")]
    public static partial void ProviderRetrying(ILogger logger, string provider, int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Provider {Provider}: unexpected {ExceptionType} while sending {NotificationId}; treated as transient")]
    public static partial void ProviderUnexpectedException(ILogger logger, string provider, string exceptionType, string notificationId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Notification {NotificationId}: provider {Provider} skipped ({Why})")]
    public static partial void ProviderSkipped(ILogger logger, string notificationId, string provider, string why);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Notification {NotificationId}: provider {Provider} failed ({Status}: {Reason}), failing over")]
    public static partial void FailingOver(ILogger logger, string notificationId, string provider, Providers.DeliveryStatus status, string? reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Notification {NotificationId}: provider {Provider} rejected it permanently ({Reason}); no failover")]
    public static partial void PermanentFailure(ILogger logger, string notificationId, string provider, string? reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Notification {NotificationId}: no provider of channel {Channel} accepted it ({Attempts} attempts)")]
    public static partial void ChainExhausted(ILogger logger, string notificationId, string channel, int attempts);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "Provider {Provider}: new FCM access token, valid for {ExpiresIn}")]
    public static partial void FcmAccessTokenRefreshed(ILogger logger, string provider, TimeSpan expiresIn);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Provider {Provider}: FCM reported the device token of {NotificationId} as {ErrorCode}")]
    public static partial void FcmInvalidToken(ILogger logger, string provider, string notificationId, string errorCode);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Provider {Provider}: FCM access token request failed ({Error})")]
    public static partial void FcmAccessTokenFailed(ILogger logger, string provider, string error);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Provider {Provider}: {NotificationId} accepted as {ProviderMessageId}")]
    public static partial void ProviderAccepted(ILogger logger, string provider, string notificationId, string? providerMessageId);
}
