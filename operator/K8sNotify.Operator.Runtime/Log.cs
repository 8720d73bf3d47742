namespace K8sNotify.Operator.Runtime;

/// <summary>
/// The controller runtime's source-generated log messages. EventId ranges: informers 5000-5099, controllers 5100-5199,
/// leader election 5200-5299 (the operator's controllers use 6000-6999).
/// </summary>
internal static partial class Log
{
    // Runtime: informers (5000-5099).
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Informer {Kind} listed {Count} objects in {Scope} at resourceVersion {ResourceVersion}")]
    public static partial void InformerListed(ILogger logger, string kind, int count, string scope, string resourceVersion);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Informer {Kind} watch in {Scope} expired (410 Gone) at resourceVersion {ResourceVersion}; relisting")]
    public static partial void InformerGone(ILogger logger, string kind, string scope, string resourceVersion);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Informer {Kind} list/watch in {Scope} failed; retrying in {Delay}")]
    public static partial void InformerFailed(ILogger logger, Exception exception, string kind, string scope, TimeSpan delay);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Informer {Kind} watch in {Scope} reported an error: {Reason}")]
    public static partial void InformerWatchError(ILogger logger, string kind, string scope, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Informer {Kind} event handler failed")]
    public static partial void InformerHandlerFailed(ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Informer {Kind} watch in {Scope} closed at resourceVersion {ResourceVersion}; re-watching")]
    public static partial void InformerWatchClosed(ILogger logger, string kind, string scope, string resourceVersion);

    // Runtime: controllers (5100-5199).
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Controller {Kind} started with {Workers} workers")]
    public static partial void ControllerStarted(ILogger logger, string kind, int workers);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Controller {Kind} stopped")]
    public static partial void ControllerStopped(ILogger logger, string kind);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Key} failed: {Reason}; retrying in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, string kind, ObjectKey key, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Key} threw; retrying in {Delay}")]
    public static partial void ReconcileThrew(ILogger logger, Exception exception, string kind, ObjectKey key, TimeSpan delay);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Debug, Message = "Reconciled {Kind} {Key}: {Outcome}")]
    public static partial void Reconciled(ILogger logger, string kind, ObjectKey key, ReconcileOutcome outcome);

    // Runtime: leader election (5200-5299).
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "{Identity} started leading on Lease {LeaseNamespace}/{LeaseName}")]
    public static partial void StartedLeading(ILogger logger, string identity, string leaseNamespace, string leaseName);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "{Identity} stopped leading on Lease {LeaseNamespace}/{LeaseName}")]
    public static partial void StoppedLeading(ILogger logger, string identity, string leaseNamespace, string leaseName);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "The leader is now {Leader}")]
    public static partial void NewLeader(ILogger logger, string leader);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Leader election error")]
    public static partial void LeaderElectionError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Leader election is disabled: this replica reconciles without a Lease")]
    public static partial void LeaderElectionDisabled(ILogger logger);
}
