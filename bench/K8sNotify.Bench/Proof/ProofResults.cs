namespace K8sNotify.Bench.Proof;

/// <summary>Everything one proof run measured; serialised as-is to proof-&lt;date&gt;.json.</summary>
internal sealed record ProofReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public bool Quick { get; init; }

    /// <summary>How many times every scenario ran; each figure of a row is the median over its runs.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Environment given to the dispatcher processes: the Deployment's runtime settings plus any <c>--dispatcher-env</c>.</summary>
    public IReadOnlyDictionary<string, string> DispatcherEnvironment { get; init; } = new Dictionary<string, string>();

    public required MachineInfo Machine { get; init; }

    public required IReadOnlyDictionary<string, string> Versions { get; init; }

    public required ProofTargets Targets { get; init; }

    /// <summary>The median raw run; <see cref="RawRuns"/> holds every one.</summary>
    public RawResult? Raw { get; init; }

    public IReadOnlyList<RawResult> RawRuns { get; init; } = [];

    /// <summary>One row per scenario holding its medians, with every run in <see cref="ScenarioResult.Runs"/>.</summary>
    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];

    /// <summary>The operator's convergence over a fleet of Channels (medians), or null when not run.</summary>
    public OperatorScenarioResult? Operator { get; init; }

    /// <summary>Each target against the medians it is about.</summary>
    public IReadOnlyList<TargetCheck> Checks { get; init; } = [];

    /// <summary>Plain-language remarks (failed scenarios, incomplete drains, load warnings).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>The machine the run happened on; load averages are [1 min, 5 min, 15 min].</summary>
internal sealed record MachineInfo(int Cores, IReadOnlyList<double> LoadAverageStart, IReadOnlyList<double>? LoadAverageEnd, string Os, long MemoryTotalMb);

/// <summary>The targets for a 2-core machine (docs/benchmarks.md), so a reader of the JSON sees what each figure is compared with.</summary>
internal sealed record ProofTargets
{
    public static ProofTargets TwoCores { get; } = new();

    /// <summary>webhook throughput over the raw consume+ack rate of the same run.</summary>
    public double WebhookMinRatioToRaw { get; init; } = 0.35;

    public double OutboxMinRatioToRaw { get; init; } = 0.25;

    /// <summary>Two dispatchers sharing the consumer over one: at least as fast.</summary>
    public double TwoProcessesMinRatio { get; init; } = 1.0;

    public double MaxP99MsAt2000 { get; init; } = 10;

    /// <summary>Peak RSS of a dispatcher running with the Deployment's runtime settings.</summary>
    public double MaxRssMb { get; init; } = 128;

    /// <summary>A fresh process's first 1,000 messages over its steady (burst) rate.</summary>
    public double StartupMinRatio { get; init; } = 0.5;

    /// <summary>How much of the webhook rate the preference and suppression lookups may cost.</summary>
    public double RecipientsMaxCost { get; init; } = 0.10;

    public int OperatorChannels { get; init; } = 1_000;

    public double OperatorMaxSeconds { get; init; } = 10;

    public double OperatorMaxPeakRssMb { get; init; } = 150;
}

/// <summary>One target, what was measured for it and whether it is met (null: not measured in this run).</summary>
internal sealed record TargetCheck(string Target, string Measured, bool? Met);

/// <summary>The bare JetStream consume+ack loop over the same messages on the same stream shape.</summary>
internal sealed record RawResult(int Messages, double Seconds, double PerSecond, double NatsCpuSecondsPer1000);

/// <summary>One scenario: its closed-loop throughput and the latency at each offered rate.</summary>
internal sealed record ScenarioResult
{
    public required string Name { get; init; }

    public required string Sink { get; init; }

    public bool RateLimits { get; init; }

    public bool StatusTracking { get; init; }

    /// <summary>Preference and suppression lookups on for every notification.</summary>
    public bool Recipients { get; init; }

    public int Processes { get; init; }

    /// <summary>Seconds spent before the run waiting for the machine to be idle (after a sync), bounded.</summary>
    public double SettleSeconds { get; init; }

    /// <summary>How long the unmeasured warm-up ran and whether the background JIT had gone quiet by its end.</summary>
    public WarmupResult? Warmup { get; init; }

    /// <summary>The first messages a fresh process handles, against its steady rate.</summary>
    public StartupResult? Startup { get; init; }

    public ThroughputResult? Throughput { get; init; }

    public IReadOnlyList<RateResult> Rates { get; init; } = [];

    /// <summary>Highest VmHWM (peak resident set) of the dispatcher processes, MB.</summary>
    public double PeakRssMb { get; init; }

    public IReadOnlyList<double> PeakRssMbPerProcess { get; init; } = [];

    /// <summary>What the first process's resident set holds at the end of the run (what bounds <see cref="PeakRssMb"/>).</summary>
    public Operator.RssBreakdown? RssAtEndMb { get; init; }

    /// <summary>Why the scenario did not finish, or null.</summary>
    public string? Error { get; init; }

    /// <summary>Every run of a median row (null on a single run).</summary>
    public IReadOnlyList<ScenarioResult>? Runs { get; init; }
}

/// <summary>The warm-up before the burst: messages, seconds, whether the JIT settled, and its last share of a core per process.</summary>
internal sealed record WarmupResult(int Messages, double Seconds, bool JitSettled, double JitShare);

/// <summary>A fresh process's first <see cref="Messages"/> (published back to back right after it is ready) and that rate over the steady burst rate.</summary>
internal sealed record StartupResult(int Messages, double Seconds, double PerSecond, double? RatioToSteady);

/// <summary>Burst drain: N messages published back to back, time until the last one is acked.</summary>
internal sealed record ThroughputResult(int Messages, double Seconds, double PerSecond, double? RatioToRaw, double DispatcherCpuSecondsPer1000, double NatsCpuSecondsPer1000);

/// <summary>
/// Open loop at a fixed offered rate: latency is the sink's delivery time minus the message's scheduled publish time,
/// so a publisher that falls behind (or a queue in front of the dispatcher) shows up in the numbers.
/// </summary>
internal sealed record RateResult
{
    public int Offered { get; init; }

    public double Seconds { get; init; }

    public int Messages { get; init; }

    public int Delivered { get; init; }

    /// <summary>Messages per second the publisher actually managed (the schedule's own lag shows in the latency).</summary>
    public double PublishedPerSecond { get; init; }

    public double P50Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    /// <summary>Offered above the measured throughput: the numbers show a growing queue, held for a shorter time.</summary>
    public bool Saturated { get; init; }

    public double DispatcherCpuSecondsPer1000 { get; init; }
}

/// <summary>The operator bench's convergence figures, as the proof report carries them (medians, with every run).</summary>
internal sealed record OperatorScenarioResult
{
    public int Channels { get; init; }

    /// <summary>Seconds from starting the operator until every Channel is Ready with its children.</summary>
    public double ReadySeconds { get; init; }

    public double PeakRssMiB { get; init; }

    public double ApiRequestsPerChannel { get; init; }

    public double CpuSeconds { get; init; }

    /// <summary>Seconds for an edit of a shared Template to reach its users.</summary>
    public double TemplateRollSeconds { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<OperatorScenarioResult>? Runs { get; init; }
}
