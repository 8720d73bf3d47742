using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Options;

namespace K8sNotify.Operator.Runtime.Leadership;

/// <summary>
/// Leader election on a coordination.k8s.io Lease through KubernetesClient's <see cref="LeaderElector"/> and
/// <see cref="LeaseLock"/>: the leader runs the work until it stops renewing, then campaigns again; on shutdown it
/// releases the Lease so a standby takes over without waiting for it to expire.
/// </summary>
internal sealed class LeaseLeadership(IKubernetes client, IOptions<OperatorOptions> options, TimeProvider timeProvider, ILogger<LeaseLeadership> logger) : ILeadership
{
    private readonly OperatorOptions _settings = options.Value;

    /// <summary>True while this replica runs the leader's work.</summary>
    public bool IsLeading { get; private set; }

    public async Task RunAsync(Func<CancellationToken, Task> leaderWork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaderWork);
        if (!_settings.LeaderElectionEnabled)
        {
            Log.LeaderElectionDisabled(logger);
            IsLeading = true;
            try
            {
                await leaderWork(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                IsLeading = false;
            }

            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await RunTermAsync(leaderWork, cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                // Lost the lease: give the new leader a retry period before campaigning again.
                try
                {
                    await Task.Delay(_settings.RetryPeriod, timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RunTermAsync(Func<CancellationToken, Task> leaderWork, CancellationToken cancellationToken)
    {
        var leaseLock = new LeaseLock(client, _settings.LeaseNamespace, _settings.LeaseName, _settings.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = _settings.LeaseDuration,
            RenewDeadline = _settings.RenewDeadline,
            RetryPeriod = _settings.RetryPeriod,
        });

        // Stops renewing when we shut down or when the leader's work ends on its own (it failed): the lease must not be
        // held by a replica that no longer reconciles.
        using var electing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? work = null;
        elector.OnStartedLeading += () =>
        {
            Log.StartedLeading(logger, _settings.Identity, _settings.LeaseNamespace, _settings.LeaseName);
            IsLeading = true;
            work = Task.Run(
                async () =>
                {
                    try
                    {
                        await leaderWork(term.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (!term.IsCancellationRequested)
                        {
                            await electing.CancelAsync().ConfigureAwait(false);
                        }
                    }
                },
                CancellationToken.None);
        };
        elector.OnNewLeader += leader => Log.NewLeader(logger, leader ?? string.Empty);
        elector.OnError += ex => Log.LeaderElectionError(logger, ex);

        try
        {
            await elector.RunUntilLeadershipLostAsync(electing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (electing.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.LeaderElectionError(logger, ex);
        }

        // Stop reconciling before anyone else can have the lease: renewals stopped at most RenewDeadline ago.
        await term.CancelAsync().ConfigureAwait(false);
        if (work is null)
        {
            return;
        }

        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Log.LeaderElectionError(logger, ex);
        }

        IsLeading = false;
        Log.StoppedLeading(logger, _settings.Identity, _settings.LeaseNamespace, _settings.LeaseName);
        if (electing.IsCancellationRequested)
        {
            // We gave the lease up (shutdown or failed work) rather than lost it: hand it over now.
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Clears the holder so a standby acquires at its next retry instead of after the lease duration.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_settings.RenewDeadline);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(_settings.LeaseName, _settings.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec is null || !string.Equals(lease.Spec.HolderIdentity, _settings.Identity, StringComparison.Ordinal))
            {
                return;
            }

            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _settings.LeaseName, _settings.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Best effort: the lease then simply expires.
            Log.LeaderElectionError(logger, ex);
        }
    }
}
