namespace K8sNotify.Dispatcher;

/// <summary>Source-generated log messages of the dispatcher (event ids: core 1000-1999, providers 2000-2999, rate limiting 3000-3999, HTTP API 4000-4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Loaded {Source}: channels {Channels}")]
    public static partial void ConfigLoaded(this ILogger logger, string source, string channels);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Reloaded configuration of Channel {Channel} (version {Version})")]
    public static partial void ConfigReloaded(this ILogger logger, string channel, long version);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Configuration reload from {Source} failed, keeping the previous configuration: {Reason}")]
    public static partial void ConfigReloadFailed(this ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Channel {Channel}: consuming stream {Stream} with consumer {Consumer}, concurrency {Concurrency}")]
    public static partial void ChannelConsuming(this ILogger logger, string channel, string stream, string consumer, int concurrency);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Channel {Channel}: suspended, not consuming ({Reason}); messages wait in the stream")]
    public static partial void ChannelSuspended(this ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Channel {Channel}: resumed, consuming again")]
    public static partial void ChannelResumed(this ILogger logger, string channel);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "NATS at {Url} is not reachable yet, retrying: {Reason}")]
    public static partial void NatsUnavailable(this ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Channel {Channel}: cannot bind to its stream or consumer yet, retrying: {Reason}")]
    public static partial void ChannelBindFailed(this ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Channel {Channel}: message {Id} (stream sequence {Sequence}) is invalid and was dead-lettered: {Reason}")]
    public static partial void MessageInvalid(this ILogger logger, string channel, string? id, ulong sequence, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Channel {Channel}: notification {Id} sent by {Provider} (attempt {Attempt})")]
    public static partial void NotificationSent(this ILogger logger, string channel, string id, string? provider, int attempt);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Channel {Channel}: notification {Id} failed permanently: {Reason}")]
    public static partial void NotificationFailed(this ILogger logger, string channel, string id, string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Channel {Channel}: notification {Id} attempt {Attempt} failed transiently, retrying in {Delay}: {Reason}")]
    public static partial void NotificationRetrying(this ILogger logger, string channel, string id, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Channel {Channel}: notification {Id} dead-lettered after {Attempts} attempts: {Reason}")]
    public static partial void NotificationDeadLettered(this ILogger logger, string channel, string id, int attempts, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Channel {Channel}: notification {Id} is already {State}; not sending it again")]
    public static partial void DuplicateSuppressed(this ILogger logger, string channel, string id, string state);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Channel {Channel}: processing stream sequence {Sequence} failed; it will be redelivered")]
    public static partial void ProcessingError(this ILogger logger, string channel, ulong sequence, Exception exception);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Channel {Channel}: stopped fetching after {Processed} messages; in-flight work finished")]
    public static partial void ConsumerStopped(this ILogger logger, string channel, int processed);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Debug, Message = "Channel {Channel}: consumer call failed (info refresh or progress ack): {Reason}")]
    public static partial void PendingRefreshFailed(this ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Channel {Channel} appeared in the configuration; channels are picked up at start, restart to run it")]
    public static partial void NewChannelIgnored(this ILogger logger, string channel);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Error, Message = "Channel {Channel}: the consume loop failed; restarting it")]
    public static partial void ConsumeLoopFailed(this ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Information, Message = "Channel {Channel}: notification {Id} dropped by rate limit {Scope}")]
    public static partial void RateLimitDropped(this ILogger logger, string channel, string id, string? scope);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Error, Message = "Configuration error: {Reason}")]
    public static partial void ConfigInvalid(this ILogger logger, string reason);

    // Rate limiting: 3000-3999.

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Rate limits are shared by all replicas through Redis at {Endpoints}")]
    public static partial void RateLimitsShared(this ILogger logger, string endpoints);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "No Redis configured: rate limits are enforced per process in memory (divided by {Replicas} replicas), not shared across replicas")]
    public static partial void RateLimitsPerProcess(this ILogger logger, int replicas);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Redis is unreachable for rate limiting ({Reason}); until it is back, Channels with failurePolicy open use a per-replica in-memory limiter (limits divided by {Replicas} replicas) and Channels with failurePolicy closed delay every message")]
    public static partial void RateLimiterDegraded(this ILogger logger, string reason, int replicas);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Redis is reachable again after {Duration}: rate limits are shared by all replicas again")]
    public static partial void RateLimiterRecovered(this ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Redis did not know the rate limit script (NOSCRIPT: restarted or flushed); loaded it again")]
    public static partial void RateLimitScriptReloaded(this ILogger logger);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "The Channel now runs {Replicas} replicas (was {Previous}): in-memory rate limits are divided by {Replicas}")]
    public static partial void ReplicaCountChanged(this ILogger logger, int previous, int replicas);

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

    // HTTP API: 4000-4999. Never a token or a recipient.

    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Channel {Channel}: notification {Id} accepted through the API ({Recipients} recipients, duplicate publish {Duplicate})")]
    public static partial void ApiNotificationAccepted(this ILogger logger, string channel, string id, int recipients, bool duplicate);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "API request to {Path} from {Remote} without a valid bearer token")]
    public static partial void ApiUnauthenticated(this ILogger logger, string path, string? remote);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "API client {Client} is not allowed in namespace {Namespace}")]
    public static partial void ApiForbidden(this ILogger logger, string client, string @namespace);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Channel {Channel}: notification {Id} cancelled by API client {Client}")]
    public static partial void ApiNotificationCancelled(this ILogger logger, string channel, string id, string client);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Channel {Channel}: an API submission could not be published: {Reason}")]
    public static partial void ApiSubmitFailed(this ILogger logger, string channel, string reason);

    // Delivery receipts (HTTP API range): never a recipient, token or signature.

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Twilio status callback from {Remote} rejected: X-Twilio-Signature does not match")]
    public static partial void ReceiptSignatureRejected(this ILogger logger, string? remote);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "{Source} receipt matches no notification (provider message {ProviderMessageId}); ignored")]
    public static partial void ReceiptUnmatched(this ILogger logger, string source, string? providerMessageId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Channel {Channel}: {Source} receipt {State} for notification {Id}: {Result}")]
    public static partial void ReceiptProcessed(this ILogger logger, string channel, string id, string source, string state, string result);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "{Source} receipt could not be recorded: {Reason}")]
    public static partial void ReceiptFailed(this ILogger logger, string source, string reason);

    // Status webhooks (dispatcher core range): never the URL, the signing key or a recipient.

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Channel {Channel}: delivering status events to its status webhook over {Partitions} ordered partitions")]
    public static partial void StatusWebhookStarted(this ILogger logger, string channel, int partitions);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Channel {Channel}: status event {EventId} attempt {Attempt} failed ({Reason}); next attempt in {Delay}")]
    public static partial void StatusWebhookAttemptFailed(this ILogger logger, string channel, string eventId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Channel {Channel}: status event {EventId} of notification {Id} dead-lettered after {Attempts} attempts: {Reason}")]
    public static partial void StatusWebhookDeadLettered(this ILogger logger, string channel, string eventId, string? id, int attempts, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Channel {Channel}: status webhook partition {Partition} failed, restarting: {Reason}")]
    public static partial void StatusWebhookLoopFailed(this ILogger logger, string channel, int partition, string reason);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Error, Message = "Channel {Channel}: processing message {Sequence} failed (failure {Failures} of {MaxAttempts}; 0 means not counted); {Suppressed} identical failures were logged without a trace since the last one")]
    public static partial void ProcessingFailed(this ILogger logger, string channel, ulong sequence, int failures, int maxAttempts, int suppressed, Exception exception);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Channel {Channel}: message {Sequence} (id {Id}) dead-lettered: {Reason}")]
    public static partial void PoisonDeadLettered(this ILogger logger, string channel, ulong sequence, string? id, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Channel {Channel}: dead-lettering message {Sequence} failed, it is redelivered: {Reason}")]
    public static partial void PoisonDeadLetterFailed(this ILogger logger, string channel, ulong sequence, string reason);

    [LoggerMessage(EventId = 4900, Level = LogLevel.Debug, Message = "HTTP {Method} {Path} answered {Status} in {Milliseconds:0.0} ms")]
    public static partial void HttpRequestServed(this ILogger logger, string method, string path, int status, double milliseconds);
}
