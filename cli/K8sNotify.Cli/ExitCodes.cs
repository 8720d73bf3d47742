namespace K8sNotify.Cli;

/// <summary>The exit codes of <c>k8snotify</c>, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command could not do its work: unreachable NATS or API server, unknown Channel, no such record.</summary>
    public const int Error = 1;

    /// <summary>The command line does not parse or misses a required value.</summary>
    public const int BadInput = 2;

    /// <summary><c>send</c>: the notification reached a terminal state other than sent or delivered.</summary>
    public const int NotDelivered = 3;

    /// <summary><c>send</c>: no terminal state within the timeout.</summary>
    public const int Timeout = 4;
}
