using System.Globalization;

namespace K8sNotify.Bench.Proof;

/// <summary>
/// Sizes of a proof run. The full run (about 5–10 minutes on 2 cores) is the one to publish; <c>--quick</c> is a smoke
/// run of the same matrix with small sizes (under about 2 minutes).
/// </summary>
internal sealed record ProofOptions
{
    public static readonly IReadOnlyList<int> DefaultRates = [500, 2_000, 5_000];

    public bool Quick { get; init; }

    /// <summary>Messages of the closed-loop burst (throughput) and of the raw consume+ack baseline.</summary>
    public int BurstMessages { get; init; } = 40_000;

    /// <summary>
    /// Messages drained before measuring, so JIT and connection set-up are not measured. Tiered compilation needs tens of
    /// thousands of notifications to settle: after 2,000 the burst still ran at about half its steady-state rate.
    /// </summary>
    public int WarmupMessages { get; init; } = 20_000;

    /// <summary>
    /// Longest warm-up. After <see cref="WarmupMessages"/> the warm-up goes on in chunks while the runtime's background
    /// JIT still recompiles hot methods (its threads above <see cref="JitSettledShare"/> of a core over 2 s or more): it ran for about 15 s
    /// of a JIT-only build, and a burst measured meanwhile reported about 60% of the steady rate.
    /// </summary>
    public TimeSpan MaxWarmup { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Messages per extra warm-up chunk.</summary>
    public int WarmupChunk { get; init; } = 5_000;

    /// <summary>Share of one core the background JIT may use during a chunk for the dispatcher to count as warm.</summary>
    public double JitSettledShare { get; init; } = 0.02;

    /// <summary>The dispatcher to run: null publishes it as the image does (ReadyToRun) first; <c>--dispatcher-dll</c> names one, <c>--build-output</c> uses the plain build.</summary>
    public string? DispatcherDll { get; init; }

    /// <summary>Run the plain build output (JIT only) instead of a ReadyToRun publish.</summary>
    public bool BuildOutput { get; init; }

    /// <summary>Offered open-loop rates, notifications/s.</summary>
    public IReadOnlyList<int> Rates { get; init; } = DefaultRates;

    /// <summary>How long each offered rate is held.</summary>
    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A rate above the measured throughput only grows a queue; it is held this long instead (and marked saturated).</summary>
    public TimeSpan SaturatedRateDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Worker slots per dispatcher process (the Channel's dispatcher.concurrency).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>How many times each scenario runs (in rounds: raw and every scenario, then again); rows report the medians.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Messages a fresh dispatcher gets first, published back to back as soon as it is ready (the start-up measure).</summary>
    public int StartupMessages { get; init; } = 1_000;

    /// <summary>Channels of the operator scenario (0 leaves it out).</summary>
    public int OperatorChannels { get; init; } = 1_000;

    /// <summary>Longest wait, before each run, for the machine to go idle after a sync.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Only the scenarios whose name is listed, <c>operator</c> included (all when empty).</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Extra environment of the dispatcher processes (<c>--dispatcher-env NAME=VALUE</c>, repeatable), for experiments such as GC settings.</summary>
    public IReadOnlyDictionary<string, string> DispatcherEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Folder of proof-&lt;date&gt;.json and .svg.</summary>
    public string ResultsDirectory { get; init; } = K8sNotify.TestSupport.RepositoryRoot.Combine("bench", "results");

    public static ProofOptions QuickDefaults { get; } = new()
    {
        Quick = true,
        BurstMessages = 3_000,
        WarmupMessages = 500,
        WarmupChunk = 500,
        MaxWarmup = TimeSpan.FromSeconds(5),
        RateDuration = TimeSpan.FromSeconds(1.5),
        SaturatedRateDuration = TimeSpan.FromSeconds(1),
        OperatorChannels = 100,
        SettleTimeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>Whether the scenario called <paramref name="name"/> is part of this run.</summary>
    public bool Includes(string name) => Scenarios.Count == 0 || Scenarios.Contains(name, StringComparer.Ordinal);

    /// <summary>Parses <c>[--quick] [--burst N] [--warmup N] [--seconds S] [--rates 500,2000] [--concurrency N] [--repeats 3] [--operator-channels 1000] [--settle S] [--scenarios a,b] [--out DIR] [--dispatcher-env NAME=VALUE] [--dispatcher-dll PATH] [--build-output] [--max-warmup S]</c>.</summary>
    public static ProofOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? QuickDefaults : new ProofOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = args[i] switch
            {
                "--quick" => options,
                "--burst" when value is not null => options with { BurstMessages = Int(value), WarmupMessages = Math.Min(options.WarmupMessages, Int(value)) },
                "--warmup" when value is not null => options with { WarmupMessages = Int(value) },
                "--seconds" when value is not null => options with { RateDuration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rates" when value is not null => options with { Rates = [.. value.Split(',').Select(Int)] },
                "--concurrency" when value is not null => options with { Concurrency = Int(value) },
                "--repeats" when value is not null => options with { Repeats = Math.Max(1, Int(value)) },
                "--operator-channels" when value is not null => options with { OperatorChannels = Int(value) },
                "--settle" when value is not null => options with { SettleTimeout = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--scenarios" when value is not null => options with { Scenarios = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--out" when value is not null => options with { ResultsDirectory = value },
                "--dispatcher-dll" when value is not null => options with { DispatcherDll = Path.GetFullPath(value) },
                "--build-output" => options with { BuildOutput = true },
                "--max-warmup" when value is not null => options with { MaxWarmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--dispatcher-env" when value?.Split('=', 2) is [var name, var setting] => options with
                {
                    DispatcherEnvironment = new Dictionary<string, string>(options.DispatcherEnvironment, StringComparer.Ordinal) { [name] = setting },
                },
                _ => throw new ArgumentException($"unknown proof argument '{args[i]}'"),
            };
            if (args[i] is not ("--quick" or "--build-output"))
            {
                i++;
            }
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
