namespace K8sNotify.Operator.Runtime.Leadership;

/// <summary>Campaigns for leadership and runs work only while leading.</summary>
internal interface ILeadership
{
    /// <summary>
    /// Campaigns until this replica leads, runs <paramref name="leaderWork"/> with a token cancelled when leadership is
    /// lost, then campaigns again; returns when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task RunAsync(Func<CancellationToken, Task> leaderWork, CancellationToken cancellationToken);
}
