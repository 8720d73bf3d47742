namespace K8sNotify.Bench.Proof;

/// <summary>Everything one proof run measured; serialised as-is to proof-&lt;date&gt;.json.</summary>
internal sealed record ProofReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public bool Quick { get; init; }

    /// <summary>Extra environment given to the dispatcher processes (empty for a default run).</summary>
    public IReadOnlyDictionary<string, string> DispatcherEnvironment { get; init; } = new Dictionary<string, string>();

    public required MachineInfo Machine { get; init; }

    public required IReadOnlyDictionary<string, string> Versions { get; init; }

    public required ProofTargets Targets { get; init; }

    public RawResult? Raw { get; init; }

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];

    /// <summary>Plain-language remarks (failed scenarios, incomplete drains, load warnings).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>The machine the run happened on; load averages are [1 min, 5 min, 15 min].</summary>
internal sealed record MachineInfo(int Cores, IReadOnlyList<double> LoadAverageStart, IReadOnlyList<double>? LoadAverageEnd, string Os, long MemoryTotalMb);

/// <summary>The targets for a 2-core machine (docs/benchmarks.md), so a reader of the JSON sees what each figure is compared with.</summary>
internal sealed record ProofTargets(double MinThroughputPerSecond, double MinRatioToRaw, double MaxP99MsAt2000, double MaxRssMb)
{
    public static ProofTargets TwoCores { get; } = new(10_000, 0.25, 25, 150);
}

/// <summary>The bare JetStream consume+ack loop over the same messages on the same stream shape.</summary>
internal sealed record RawResult(int Messages, double Seconds, double PerSecond, double NatsCpuSecondsPer1000);

/// <summary>One scenario: its closed-loop throughput and the latency at each offered rate.</summary>
internal sealed record ScenarioResult
{
    public required string Name { get; init; }

    public required string Sink { get; init; }

    public bool RateLimits { get; init; }

    public bool StatusTracking { get; init; }

    public int Processes { get; init; }

    public ThroughputResult? Throughput { get; init; }

    public IReadOnlyList<RateResult> Rates { get; init; } = [];

    /// <summary>Highest VmHWM (peak resident set) of the dispatcher processes, MB.</summary>
    public double PeakRssMb { get; init; }

    public IReadOnlyList<double> PeakRssMbPerProcess { get; init; } = [];

    /// <summary>Why the scenario did not finish, or null.</summary>
    public string? Error { get; init; }
}

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
