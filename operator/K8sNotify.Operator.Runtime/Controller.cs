using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Runtime;

/// <summary>One controller: a work queue fed by informer events and workers that call the reconciler, one key at a time per key.</summary>
/// <typeparam name="TPrimary">The reconciled kind.</typeparam>
/// <typeparam name="TReconciler">The reconciler, resolved from a fresh scope for every reconcile.</typeparam>
internal sealed class Controller<TPrimary, TReconciler> : IController
    where TPrimary : class, IKubernetesObject<V1ObjectMeta>
    where TReconciler : class, IReconciler
{
    private readonly ControllerBuilder<TPrimary> _builder;
    private readonly IServiceProvider _services;
    private readonly OperatorOptions _options;
    private readonly OperatorMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IResourceInformer<TPrimary> _primary;

    public Controller(ControllerBuilder<TPrimary> builder, IServiceProvider services, OperatorOptions options, OperatorMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        _builder = builder;
        _services = services;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _primary = services.GetRequiredService<IResourceInformer<TPrimary>>();
        Kind = ResourceKinds.For<TPrimary>().Kind;

        // Indexes are maintained on every replica so a new leader's lookups are complete from the start.
        foreach (var (name, indexFunc) in builder.Indexes)
        {
            _primary.AddIndex(name, indexFunc);
        }
    }

    public string Kind { get; }

    /// <summary>The queue of the current leadership term (null while not running); exposed for tests.</summary>
    internal WorkQueue<ObjectKey>? Queue { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<ObjectKey>(_timeProvider, _options.ReconcileBackoffBase, _options.ReconcileBackoffMax, depth => _metrics.SetQueueDepth(Kind, depth));
        Queue = queue;
        var subscriptions = new List<IDisposable>
        {
            _primary.Subscribe(e =>
            {
                if (_builder.PrimaryFilter(e))
                {
                    queue.Add(e.Key);
                }
            }),
        };
        try
        {
            subscriptions.AddRange(_builder.WatchRegistrations.Select(watch => watch.Subscribe(_services, queue.Add)));

            // Subscribed first, listed second: nothing that changes in between is missed, duplicates collapse in the queue.
            foreach (var obj in _primary.List())
            {
                queue.Add(ObjectKey.Of(obj));
            }

            var workers = _builder.Workers ?? _options.Workers;
            Log.ControllerStarted(_logger, Kind, workers);
            await using var registration = cancellationToken.Register(queue.ShutDown).ConfigureAwait(false);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(queue, cancellationToken), CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            Queue = null;
            Log.ControllerStopped(_logger, Kind);
        }
    }

    private async Task WorkAsync(WorkQueue<ObjectKey> queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (found, key) = await queue.TryGetAsync(CancellationToken.None).ConfigureAwait(false);
            if (!found)
            {
                return;
            }

            try
            {
                await ReconcileOneAsync(queue, key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    private async Task ReconcileOneAsync(WorkQueue<ObjectKey> queue, ObjectKey key, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        ReconcileResult result;
        Exception? thrown = null;
        try
        {
            var scope = _services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var reconciler = scope.ServiceProvider.GetRequiredService<TReconciler>();
                result = await reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or shutting down: the next leader reconciles this key from its own full enqueue.
            return;
        }
        catch (Exception ex)
        {
            thrown = ex;
            result = ReconcileResult.Error(ex.GetType().Name);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        switch (result.Outcome)
        {
            case ReconcileOutcome.Success:
                queue.Forget(key);
                Log.Reconciled(_logger, Kind, key, result.Outcome);
                break;
            case ReconcileOutcome.Requeue:
                queue.Forget(key);
                queue.AddAfter(key, result.RequeueDelay ?? TimeSpan.Zero);
                Log.Reconciled(_logger, Kind, key, result.Outcome);
                break;
            default:
                var delay = queue.AddRateLimited(key);
                if (thrown is not null)
                {
                    Log.ReconcileThrew(_logger, thrown, Kind, key, delay);
                }
                else
                {
                    Log.ReconcileFailed(_logger, Kind, key, result.Reason ?? "unknown", delay);
                }

                break;
        }

        // Counted once the next attempt is scheduled, so whoever sees the count also sees the retry timer.
        _metrics.RecordReconcile(Kind, result.Outcome, elapsed);
    }
}
