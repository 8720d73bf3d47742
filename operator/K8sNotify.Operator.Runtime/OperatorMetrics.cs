using Prometheus;

namespace K8sNotify.Operator.Runtime;

/// <summary>The controller runtime's Prometheus metrics: reconcile outcomes and durations, and work-queue depth, per kind.</summary>
public sealed class OperatorMetrics
{
    public const string ReconcileTotal = "k8snotify_operator_reconcile_total";
    public const string ReconcileDurationSeconds = "k8snotify_operator_reconcile_duration_seconds";
    public const string WorkQueueDepth = "k8snotify_operator_workqueue_depth";
    public const string Leader = "k8snotify_operator_leader";
    public const string KindLabel = "kind";
    public const string ResultLabel = "result";

    private readonly Counter _reconcileTotal;
    private readonly Histogram _reconcileDuration;
    private readonly Gauge _queueDepth;
    private readonly Gauge _leader;

    /// <summary>Registers on the default registry (what /metrics exports).</summary>
    public OperatorMetrics()
        : this(Metrics.DefaultRegistry)
    {
    }

    /// <summary>Registers on <paramref name="registry"/> (tests use their own).</summary>
    public OperatorMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _reconcileTotal = factory.CreateCounter(ReconcileTotal, "Reconciles by kind and result (success, requeue, error).", KindLabel, ResultLabel);
        _reconcileDuration = factory.CreateHistogram(ReconcileDurationSeconds, "Duration of one reconcile in seconds.", new HistogramConfiguration
        {
            LabelNames = [KindLabel],
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        });
        _queueDepth = factory.CreateGauge(WorkQueueDepth, "Keys waiting in the controller's work queue (not counting delayed retries).", KindLabel);
        _leader = factory.CreateGauge(Leader, "1 while this replica holds the lease and runs the controllers, else 0.");
    }

    /// <summary>Records one finished reconcile.</summary>
    public void RecordReconcile(string kind, ReconcileOutcome outcome, TimeSpan duration)
    {
        _reconcileTotal.WithLabels(kind, ResultValue(outcome)).Inc();
        _reconcileDuration.WithLabels(kind).Observe(duration.TotalSeconds);
    }

    /// <summary>Sets the queue depth of <paramref name="kind"/>.</summary>
    public void SetQueueDepth(string kind, int depth) => _queueDepth.WithLabels(kind).Set(depth);

    /// <summary>Records whether this replica currently runs the controllers.</summary>
    public void SetLeader(bool leading) => _leader.Set(leading ? 1 : 0);

    /// <summary>1 while this replica runs the controllers.</summary>
    public double LeaderValue => _leader.Value;

    /// <summary>The counter value for <paramref name="kind"/> and <paramref name="outcome"/> (for tests and diagnostics).</summary>
    public double ReconcileCount(string kind, ReconcileOutcome outcome) => _reconcileTotal.WithLabels(kind, ResultValue(outcome)).Value;

    /// <summary>The current queue depth of <paramref name="kind"/>.</summary>
    public double QueueDepth(string kind) => _queueDepth.WithLabels(kind).Value;

    /// <summary>The <c>result</c> label value of <paramref name="outcome"/>.</summary>
    public static string ResultValue(ReconcileOutcome outcome) => outcome switch
    {
        ReconcileOutcome.Success => "success",
        ReconcileOutcome.Requeue => "requeue",
        _ => "error",
    };
}
