using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Conditions;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Bench.Operator;

/// <summary>
/// Operator convergence bench. A fake Kubernetes API server (in this process) holds N Channels with their shared
/// Templates, Providers and Secrets; the operator runs as a child process against it (kubeconfig) with a real local
/// nats-server for the streams. Phase 1: seconds from starting the operator until every Channel is Ready for its
/// generation and all its children exist. Phase 2: one shared Template is edited; seconds until every Channel using it
/// runs the new config checksum, and how many Channel reconciles that cost (the reference index requeues only users).
/// </summary>
internal static class OperatorBench
{
    private const string ChildrenManager = "deployment-controller";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        OperatorBenchOptions options;
        try
        {
            options = OperatorBenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync("operator bench: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var (result, ok) = await MeasureAsync(options, output, cancellation.Token).ConfigureAwait(false);
        if (result is null)
        {
            return 1;
        }

        await PrintAsync(output, result).ConfigureAwait(false);
        var path = await WriteJsonAsync(result, options.OutputDirectory).ConfigureAwait(false);
        await output.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
        return ok ? 0 : 1;
    }

    /// <summary>
    /// Both phases once, from a fresh nats-server, API server and operator process. Returns null when phase 1 timed out,
    /// and whether phase 2 rolled every user and nothing else.
    /// </summary>
    public static async Task<(BenchResult? Result, bool Ok)> MeasureAsync(OperatorBenchOptions options, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var loadBefore = LoadAverage();
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);

        await using var nats = await NatsServer.StartAsync(cancellationToken: ct).ConfigureAwait(false);
        await using var api = await FakeKubernetesApiServer.StartAsync(ct).ConfigureAwait(false);
        var fleet = BenchFleet.Build(options.Channels, options.Namespaces);
        fleet.Secrets.ForEach(s => api.Put(s));
        fleet.Providers.ForEach(p => api.Put(p));
        fleet.Templates.ForEach(t => api.Put(t));
        fleet.Channels.ForEach(c => api.Put(c));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"operator bench: {Environment.ProcessorCount} cores, load average {loadBefore}, {options.Channels} Channels in {options.Namespaces} namespaces ({fleet.Templates.Count} Templates, {fleet.Providers.Count} Providers, {fleet.Secrets.Count} Secrets), {options.Workers} Channel workers, {(options.MemoryLimitMiB > 0 ? $"GC heap limit as under a {options.MemoryLimitMiB} MiB container limit" : "no memory limit")}, nats-server {nats.Url}")).ConfigureAwait(false);

        using var standInClient = api.CreateClient(ChildrenManager);
        await using var deployments = new DeploymentControllerStandIn(standInClient);
        deployments.Start();

        var operatorRequestsBefore = OperatorRequests(api).Count;
        await using var op = OperatorProcess.Start(api, nats.Url, options.Workers, options.MemoryLimitMiB, BuildConfiguration);
        var clock = Stopwatch.StartNew();
        await op.WaitReadyAsync(timeout, ct).ConfigureAwait(false);
        var readySeconds = clock.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"operator pid {op.Pid}: caches synced (/readyz) after {readySeconds:F1}s")).ConfigureAwait(false);

        var (convergeSeconds, lastCount) = await WaitAsync(
            op, clock, timeout, output, "converged", () => CountConverged(api), options.Channels, ct).ConfigureAwait(false);
        var phase1 = new PhaseResult(
            convergeSeconds,
            op.PeakRssMiB(),
            op.CpuTime().TotalSeconds,
            await op.ReconcileCountsAsync(ApiGroup.ChannelKind, ct).ConfigureAwait(false),
            OperatorRequests(api).Count - operatorRequestsBefore,
            RequestBreakdown(OperatorRequests(api).Skip(operatorRequestsBefore)));
        if (lastCount < options.Channels)
        {
            await output.WriteLineAsync($"phase 1 timed out: {lastCount}/{options.Channels} converged\n{op.RecentOutput}").ConfigureAwait(false);
            return (null, false);
        }

        // Phase 2: edit one shared Template in the first namespace.
        await Task.Delay(SettleTime, ct).ConfigureAwait(false);
        var ns = BenchFleet.Namespace(0);
        var before = api.List<Channel>().ToDictionary(ReferenceKey, c => c.Status?.ConfigChecksum, StringComparer.Ordinal);
        var users = fleet.Channels
            .Where(c => c.Metadata.NamespaceProperty == ns && c.Spec.Templates.Contains(BenchFleet.UpdatedTemplate))
            .Select(c => c.Metadata.Name)
            .ToList();
        var countsBefore = await op.ReconcileCountsAsync(ApiGroup.ChannelKind, ct).ConfigureAwait(false);
        var cpuBefore = op.CpuTime();
        var deploymentWritesBefore = DeploymentApplies(api);
        var template = api.Get<Template>(ns, BenchFleet.UpdatedTemplate)!;
        template.Spec.Locales["en"].Subject = BenchFleet.UpdatedSubject(DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture));
        var phase2Clock = Stopwatch.StartNew();
        api.Put(template);
        var (rollSeconds, rolled) = await WaitAsync(
            op, phase2Clock, timeout, output, "rolled", () => CountRolled(api, ns, users, before), users.Count, ct).ConfigureAwait(false);
        await Task.Delay(SettleTime, ct).ConfigureAwait(false);
        var countsAfter = await op.ReconcileCountsAsync(ApiGroup.ChannelKind, ct).ConfigureAwait(false);
        var untouchedChanged = api.List<Channel>()
            .Count(c => !(c.Metadata.NamespaceProperty == ns && users.Contains(c.Metadata.Name)) && c.Status?.ConfigChecksum != before[ReferenceKey(c)]);
        var phase2 = new Phase2Result(
            rollSeconds,
            users.Count,
            rolled,
            Sum(countsAfter) - Sum(countsBefore),
            DeploymentApplies(api) - deploymentWritesBefore,
            untouchedChanged,
            (op.CpuTime() - cpuBefore).TotalSeconds);

        var result = new BenchResult(
            DateTime.UtcNow,
            Environment.ProcessorCount,
            loadBefore,
            LoadAverage(),
            options,
            fleet.Templates.Count,
            fleet.Providers.Count,
            fleet.Secrets.Count,
            readySeconds,
            phase1,
            phase2,
            op.PeakRssMiB(),
            op.RssMiB(),
            await op.ManagedHeapMiBAsync(ct).ConfigureAwait(false),
            op.RssBreakdownMiB(),
            op.CpuTime().TotalSeconds,
            deployments.StatusWrites);
        return (result, rolled == users.Count && untouchedChanged == 0);
    }

    private static async Task<(double Seconds, int Count)> WaitAsync(
        OperatorProcess op, Stopwatch clock, TimeSpan timeout, TextWriter output, string what, Func<int> count, int target, CancellationToken ct)
    {
        var lastReport = TimeSpan.Zero;
        var done = 0;
        while (clock.Elapsed < timeout)
        {
            op.ThrowIfExited();
            done = count();
            if (done >= target)
            {
                return (clock.Elapsed.TotalSeconds, done);
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:F1}s  {done}/{target} {what}, RSS {op.RssMiB():F0} MiB, CPU {op.CpuTime().TotalSeconds:F1}s")).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }

        return (clock.Elapsed.TotalSeconds, done);
    }

    /// <summary>Channels that are Ready for their generation and whose five children exist.</summary>
    private static int CountConverged(FakeKubernetesApiServer api) =>
        api.List<Channel>().Count(c => StatusConditions.IsReady(c.Status, c.Metadata.Generation) && ChildrenExist(api, c));

    private static bool ChildrenExist(FakeKubernetesApiServer api, Channel channel)
    {
        var ns = channel.Metadata.NamespaceProperty;
        var name = DispatcherNames.Dispatcher(channel);
        return api.GetJson("", "configmaps", ns, DispatcherNames.Config(channel)) is not null
            && api.GetJson("apps", "deployments", ns, name) is not null
            && api.GetJson("", "services", ns, name) is not null
            && api.GetJson("autoscaling", "horizontalpodautoscalers", ns, name) is not null
            && api.GetJson("policy", "poddisruptionbudgets", ns, name) is not null;
    }

    /// <summary>Users of the edited Template that report a new checksum, are Ready, and whose pod template carries it.</summary>
    private static int CountRolled(FakeKubernetesApiServer api, string ns, IReadOnlyList<string> users, IReadOnlyDictionary<string, string?> before)
    {
        var rolled = 0;
        foreach (var name in users)
        {
            var channel = api.Get<Channel>(ns, name);
            var checksum = channel?.Status?.ConfigChecksum;
            if (channel is null || checksum is null || checksum == before[ReferenceKey(channel)] || !StatusConditions.IsReady(channel.Status, channel.Metadata.Generation))
            {
                continue;
            }

            var annotations = api.Get<V1Deployment>(ns, DispatcherNames.Dispatcher(channel))?.Spec.Template.Metadata.Annotations;
            if (annotations is not null && annotations.TryGetValue(DispatcherNames.ChecksumAnnotation, out var running) && running == checksum)
            {
                rolled++;
            }
        }

        return rolled;
    }

    private static string ReferenceKey(Channel c) => c.Metadata.NamespaceProperty + "/" + c.Metadata.Name;

    private static IReadOnlyList<FakeRequest> OperatorRequests(FakeKubernetesApiServer api) =>
        api.Requests(r => !r.UserAgent.Contains(ChildrenManager, StringComparison.Ordinal));

    /// <summary>Requests by verb, resource and subresource (<c>patch deployments</c>, <c>patch channels/status</c>), most first.</summary>
    private static Dictionary<string, int> RequestBreakdown(IEnumerable<FakeRequest> requests) =>
        requests.GroupBy(r => $"{r.Verb} {r.Resource}{(r.Subresource is null ? "" : "/" + r.Subresource)}")
            .OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static int DeploymentApplies(FakeKubernetesApiServer api) =>
        api.Requests(r => r.Verb == "patch" && r.Resource == "deployments" && r.Subresource is null).Count;

    private static double Sum(IReadOnlyDictionary<string, double> counts) => counts.Values.Sum();

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task PrintAsync(TextWriter output, BenchResult r)
    {
        var p1 = r.Phase1;
        var p2 = r.Phase2;
        var rows = new (string Metric, string Value)[]
        {
            ("Channels (namespaces)", $"{r.Options.Channels} ({r.Options.Namespaces})"),
            ("caches synced (/readyz)", $"{r.ReadySeconds:F1} s"),
            ("phase 1: all Ready + children", $"{p1.Seconds:F1} s ({r.Options.Channels / p1.Seconds:F0} Channels/s)"),
            ("phase 1: Channel reconciles", Format(p1.Reconciles)),
            ("phase 1: operator API requests", $"{p1.ApiRequests} ({(double)p1.ApiRequests / r.Options.Channels:F1} per Channel)"),
            ("phase 1: API requests by kind", string.Join(", ", p1.ApiRequestsByKind.Select(k => $"{k.Key} {k.Value}"))),
            ("phase 1: operator CPU", $"{p1.CpuSeconds:F1} s"),
            ("phase 1: operator peak RSS (VmHWM)", $"{p1.PeakRssMiB:F0} MiB"),
            ("phase 2: Template users rolled", $"{p2.Rolled}/{p2.Users} in {p2.Seconds:F2} s"),
            ("phase 2: Channel reconciles", $"{p2.Reconciles:F0} ({p2.Reconciles / Math.Max(1, p2.Users):F1} per user)"),
            ("phase 2: Deployment applies", $"{p2.DeploymentApplies}"),
            ("phase 2: other Channels changed", $"{p2.UntouchedChanged} of {r.Options.Channels - p2.Users}"),
            ("phase 2: operator CPU", $"{p2.CpuSeconds:F2} s"),
            ("operator peak RSS (VmHWM) / RSS at end", $"{r.PeakRssMiB:F0} MiB / {r.EndRssMiB:F0} MiB"),
            ("operator managed heap at end", r.ManagedHeapMiB is { } heap ? $"{heap:F0} MiB" : "not exported"),
            ("operator RSS at end: anon / file / shmem", $"{r.RssAtEndMiB.Anonymous:F0} / {r.RssAtEndMiB.File:F0} / {r.RssAtEndMiB.Shared:F0} MiB"),
            ("operator CPU total", $"{r.CpuSeconds:F1} s"),
            ("load average before / after", $"{r.LoadBefore} / {r.LoadAfter} ({r.Cores} cores)"),
        };
        var width = rows.Max(row => row.Metric.Length);
        await output.WriteLineAsync().ConfigureAwait(false);
        foreach (var (metric, value) in rows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{metric.PadRight(width)}  {value}")).ConfigureAwait(false);
        }
    }

    private static string Format(IReadOnlyDictionary<string, double> counts) =>
        string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F0}")));

    private static async Task<string> WriteJsonAsync(BenchResult result, string? directory)
    {
        var dir = directory ?? RepositoryRoot.Combine("bench", "results");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"operator-{result.Timestamp:yyyy-MM-dd}.json");
        var json = JsonSerializer.SerializeToNode(result, BenchJson.Options)!;
        await File.WriteAllTextAsync(path, json.ToJsonString(BenchJson.Options) + "\n").ConfigureAwait(false);
        return path;
    }

    private static class BenchJson
    {
        public static readonly JsonSerializerOptions Options = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };
    }

    internal sealed record PhaseResult(double Seconds, double PeakRssMiB, double CpuSeconds, IReadOnlyDictionary<string, double> Reconciles, int ApiRequests, IReadOnlyDictionary<string, int> ApiRequestsByKind);

    internal sealed record Phase2Result(double Seconds, int Users, int Rolled, double Reconciles, int DeploymentApplies, int UntouchedChanged, double CpuSeconds);

    internal sealed record BenchResult(
        DateTime Timestamp,
        int Cores,
        string LoadBefore,
        string LoadAfter,
        OperatorBenchOptions Options,
        int Templates,
        int Providers,
        int Secrets,
        double ReadySeconds,
        PhaseResult Phase1,
        Phase2Result Phase2,
        double PeakRssMiB,
        double EndRssMiB,
        double? ManagedHeapMiB,
        RssBreakdown RssAtEndMiB,
        double CpuSeconds,
        long DeploymentStatusWrites);
}
