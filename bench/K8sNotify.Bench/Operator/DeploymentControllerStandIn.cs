using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sNotify.Bench.Operator;

/// <summary>
/// Plays the Deployment controller and kubelet for the fake API server (which has neither): watches Deployments and,
/// whenever one's generation is ahead of its status, writes a status in which the current pod template is rolled out
/// and available at once. The bench measures the operator, not pod start-up, so there is no artificial delay.
/// </summary>
internal sealed class DeploymentControllerStandIn(IKubernetes client) : IAsyncDisposable
{
    private const int ConcurrentWrites = 8;

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writes = new(ConcurrentWrites);
    private Task? _loop;
    private long _statusWrites;

    /// <summary>Status writes so far.</summary>
    public long StatusWrites => Interlocked.Read(ref _statusWrites);

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        _writes.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The typed watch helper is obsolete in favour of untyped ones; fine for a bench.
#pragma warning disable CS0618
                var watch = client.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(
                    resourceVersion: resourceVersion, watch: true, timeoutSeconds: 300, cancellationToken: cancellationToken)
                    .WatchAsync<V1Deployment, V1DeploymentList>(cancellationToken: cancellationToken);
#pragma warning restore CS0618
                await foreach (var (type, deployment) in watch.ConfigureAwait(false))
                {
                    resourceVersion = deployment.Metadata.ResourceVersion ?? resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified
                        && (deployment.Status?.ObservedGeneration ?? 0) < (deployment.Metadata.Generation ?? 1))
                    {
                        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
                        _ = MarkAvailableAsync(deployment, cancellationToken);
                    }
                }
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                // Re-watch from the last version seen.
            }
        }
    }

    private async Task MarkAvailableAsync(V1Deployment deployment, CancellationToken cancellationToken)
    {
        try
        {
            const int Replicas = 1;
            var patch = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["observedGeneration"] = deployment.Metadata.Generation ?? 1,
                    ["replicas"] = Replicas,
                    ["updatedReplicas"] = Replicas,
                    ["readyReplicas"] = Replicas,
                    ["availableReplicas"] = Replicas,
                },
            };
            await client.AppsV1.PatchNamespacedDeploymentStatusAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), deployment.Metadata.Name, deployment.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _statusWrites);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // The next event for this Deployment tries again.
        }
        finally
        {
            _writes.Release();
        }
    }
}
