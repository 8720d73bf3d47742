using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Bench.Operator;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Bench.Proof;

/// <summary>
/// <c>proof</c>: in one run on one machine, the raw JetStream consume+ack limit, then the real dispatcher (child
/// processes) end to end per scenario: closed-loop burst throughput, open-loop latency at fixed offered rates, peak RSS
/// and CPU per 1,000 notifications; printed as a table and written as JSON and SVG.
/// </summary>
internal static class ProofBench
{
    private const string Namespace = "default";
    private const string ChannelName = "proof";
    private const string Subject = "proof.notify";
    private const string RawChannelName = "raw";
    private const string RawSubject = "raw.notify";
    private const int MaxPendingPublishAcks = 1_000;
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan JitWindow = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var options = ProofOptions.Parse(args);
        var dispatcherEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in DispatcherRuntime.Environment)
        {
            dispatcherEnvironment[name] = value;
        }

        foreach (var (name, value) in options.DispatcherEnvironment)
        {
            dispatcherEnvironment[name] = value;
        }

        options = options with
        {
            DispatcherEnvironment = dispatcherEnvironment,
            DispatcherDll = options.DispatcherDll ?? (options.BuildOutput ? DispatcherChildProcess.LocateDll() : await DispatcherImageBuild.PublishAsync(output).ConfigureAwait(false)),
        };
        var report = new ProofReport
        {
            StartedAt = DateTimeOffset.UtcNow,
            Quick = options.Quick,
            Repeats = options.Repeats,
            DispatcherEnvironment = options.DispatcherEnvironment,
            Machine = new MachineInfo(Environment.ProcessorCount, ProcStats.LoadAverage(), null, $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})", ProcStats.MemoryTotalMb()),
            Versions = await VersionsAsync().ConfigureAwait(false),
            Targets = ProofTargets.TwoCores,
        };
        var notes = new List<string>();
        await output.WriteLineAsync(Invariant($"proof{(options.Quick ? " --quick" : "")}: {report.Machine.Cores} cores, load average {string.Join(" ", report.Machine.LoadAverageStart)}, {options.Repeats} round(s), dispatcher {options.DispatcherDll}")).ConfigureAwait(false);
        if (report.Machine.LoadAverageStart is [var load1, ..] && load1 > report.Machine.Cores / 2.0)
        {
            notes.Add(Invariant($"load average {load1:0.0} at start on {report.Machine.Cores} cores: other work shared the CPUs, so these numbers are lower bounds"));
        }

        // Rounds (raw, every scenario, the operator; then again) rather than one scenario three times in a row, so a
        // burst of load from elsewhere lands on one run of each row instead of on all runs of one row.
        var rawRuns = new List<RawResult>();
        var runs = new Dictionary<string, List<ScenarioResult>>(StringComparer.Ordinal);
        var operatorRuns = new List<OperatorScenarioResult>();
        var scenarios = ProofScenario.Matrix.Where(s => options.Includes(s.Name)).ToList();
        for (var round = 1; round <= options.Repeats; round++)
        {
            await output.WriteLineAsync(Invariant($"round {round} of {options.Repeats}")).ConfigureAwait(false);
            await SettleAsync(options.SettleTimeout).ConfigureAwait(false);
            var raw = await MeasureRawAsync(options).ConfigureAwait(false);
            rawRuns.Add(raw);
            await output.WriteLineAsync(Invariant($"raw JetStream consume+ack: {raw.PerSecond:N0} msg/s ({raw.Messages:N0} in {raw.Seconds:0.00} s)")).ConfigureAwait(false);
            foreach (var scenario in scenarios)
            {
                var settled = await SettleAsync(options.SettleTimeout).ConfigureAwait(false);
                var result = await RunScenarioAsync(scenario, options, raw, output).ConfigureAwait(false) with { SettleSeconds = settled };
                (runs.TryGetValue(scenario.Name, out var list) ? list : runs[scenario.Name] = []).Add(result);
                if (result.Error is not null)
                {
                    notes.Add(Invariant($"{scenario.Name} (round {round}): {result.Error}"));
                }
            }

            if (options.OperatorChannels > 0 && options.Includes("operator"))
            {
                await SettleAsync(options.SettleTimeout).ConfigureAwait(false);
                operatorRuns.Add(await RunOperatorAsync(options, output).ConfigureAwait(false));
            }
        }

        report = report with
        {
            FinishedAt = DateTimeOffset.UtcNow,
            Machine = report.Machine with { LoadAverageEnd = ProcStats.LoadAverage() },
            Raw = ProofMedians.Raw(rawRuns),
            RawRuns = rawRuns,
            Scenarios = [.. scenarios.Select(s => ProofMedians.Scenario(runs[s.Name]))],
            Operator = ProofMedians.Operator(operatorRuns),
            Notes = notes,
        };
        report = report with { Checks = ProofChecks.Evaluate(report) };
        var directory = Directory.CreateDirectory(options.ResultsDirectory).FullName;
        var stem = Path.Combine(directory, $"proof-{report.StartedAt:yyyy-MM-dd}{(options.Quick ? "-quick" : "")}");
        await File.WriteAllTextAsync(stem + ".json", ProofJson.Serialize(report)).ConfigureAwait(false);
        await File.WriteAllTextAsync(stem + ".svg", ProofChart.Render(report)).ConfigureAwait(false);

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(ProofTable.Render(report)).ConfigureAwait(false);
        foreach (var note in notes)
        {
            await output.WriteLineAsync("note: " + note).ConfigureAwait(false);
        }

        await output.WriteLineAsync(Invariant($"load average at end {string.Join(" ", report.Machine.LoadAverageEnd ?? [])}; {(report.FinishedAt - report.StartedAt).TotalSeconds:0} s; wrote {stem}.json and {stem}.svg")).ConfigureAwait(false);
        return report.Scenarios.Any(r => r.Error is not null) || report.Operator?.Error is not null ? 1 : 0;
    }

    /// <summary>
    /// Flushes dirty pages (the previous run's file store) and waits, up to <paramref name="timeout"/>, until less than
    /// half a core is busy over a quarter of a second, so one run's leftovers do not slow the next. Returns the seconds waited.
    /// </summary>
    private static async Task<double> SettleAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
            if (sync is not null)
            {
                await sync.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No sync binary: the wait for idle still applies.
        }

        var window = TimeSpan.FromMilliseconds(250);
        while (clock.Elapsed < timeout)
        {
            var busy = ProcStats.MachineBusySeconds();
            await Task.Delay(window).ConfigureAwait(false);
            if ((ProcStats.MachineBusySeconds() - busy) / window.TotalSeconds < 0.5)
            {
                break;
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The operator bench's phase 1 and 2 (its own fresh nats-server, API server and operator process), summarised for the report.</summary>
    private static async Task<OperatorScenarioResult> RunOperatorAsync(ProofOptions options, TextWriter output)
    {
        var settings = new OperatorBenchOptions(
            options.OperatorChannels,
            Math.Min(OperatorBenchOptions.DefaultNamespaces, options.OperatorChannels),
            OperatorBenchOptions.DefaultWorkers,
            OperatorBenchOptions.DefaultTimeoutSeconds,
            OutputDirectory: null);
        try
        {
            var (result, ok) = await OperatorBench.MeasureAsync(settings, TextWriter.Null, CancellationToken.None).ConfigureAwait(false);
            if (result is null)
            {
                return new OperatorScenarioResult { Channels = settings.Channels, Error = "not every Channel became Ready before the timeout" };
            }

            var summary = new OperatorScenarioResult
            {
                Channels = settings.Channels,
                ReadySeconds = result.Phase1.Seconds,
                PeakRssMiB = result.PeakRssMiB,
                ApiRequestsPerChannel = (double)result.Phase1.ApiRequests / settings.Channels,
                CpuSeconds = result.Phase1.CpuSeconds,
                TemplateRollSeconds = result.Phase2.Seconds,
                Error = ok ? null : "a Template edit did not reach exactly its users",
            };
            await output.WriteLineAsync(Invariant($"operator: {summary.Channels:N0} Channels Ready in {summary.ReadySeconds:0.0} s, peak RSS {summary.PeakRssMiB:0} MiB, {summary.ApiRequestsPerChannel:0.0} API requests per Channel")).ConfigureAwait(false);
            return summary;
        }
#pragma warning disable CA1031 // A failing operator run is reported in its row; the dispatcher rows still stand.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await output.WriteLineAsync("operator: failed: " + e.Message).ConfigureAwait(false);
            return new OperatorScenarioResult { Channels = settings.Channels, Error = e.Message };
        }
    }

    /// <summary>The raw limit: a bare NATS.Net consume+ack loop over a burst of the same messages, on a stream and consumer shaped like a Channel's.</summary>
    private static async Task<RawResult> MeasureRawAsync(ProofOptions options)
    {
        await using var nats = await NatsServer.StartAsync().ConfigureAwait(false);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(connection);
        var channel = ChannelResource(RawChannelName, RawSubject);
        await js.CreateOrUpdateStreamAsync(ChannelJetStream.Stream(channel)).ConfigureAwait(false);
        var consumer = await js.CreateOrUpdateConsumerAsync(NatsNames.StreamName(channel), ChannelJetStream.Consumer(channel)).ConfigureAwait(false);

        await ConsumeAndAckAsync(js, consumer, "raw-warm-", options.WarmupMessages).ConfigureAwait(false);
        var natsCpu = ProcStats.CpuSeconds(nats.Pid ?? 0);
        var stopwatch = Stopwatch.StartNew();
        await ConsumeAndAckAsync(js, consumer, "raw-", options.BurstMessages).ConfigureAwait(false);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var natsPer1000 = (ProcStats.CpuSeconds(nats.Pid ?? 0) - natsCpu) / options.BurstMessages * 1000;
        return new RawResult(options.BurstMessages, seconds, options.BurstMessages / seconds, natsPer1000);
    }

    private static async Task ConsumeAndAckAsync(NatsJSContext js, INatsJSConsumer consumer, string prefix, int count)
    {
        var consume = Task.Run(async () =>
        {
            var acked = 0;
            await foreach (var msg in consumer.ConsumeAsync(Raw, new NatsJSConsumeOpts { MaxMsgs = 1_000 }).ConfigureAwait(false))
            {
                await msg.AckAsync().ConfigureAwait(false);
                if (++acked == count)
                {
                    break;
                }
            }
        });
        await PublishBurstAsync(js, RawSubject, prefix, count).ConfigureAwait(false);
        await consume.ConfigureAwait(false);
    }

    private static async Task<ScenarioResult> RunScenarioAsync(ProofScenario scenario, ProofOptions options, RawResult raw, TextWriter output)
    {
        var result = new ScenarioResult
        {
            Name = scenario.Name,
            Sink = scenario.Sink.ToString().ToLowerInvariant(),
            RateLimits = scenario.RateLimits,
            StatusTracking = scenario.StatusTracking,
            Processes = scenario.Processes,
            Recipients = scenario.Recipients,
        };
        var work = Directory.CreateTempSubdirectory("k8snotify-proof-").FullName;
        var dispatchers = new List<DispatcherChildProcess>();
        try
        {
            await using var nats = await NatsServer.StartAsync().ConfigureAwait(false);
            await using var redis = scenario.RateLimits ? await RedisServer.StartAsync().ConfigureAwait(false) : null;
            await using IDeliverySink sink = scenario.Sink == ProofSink.Webhook
                ? await WebhookSink.StartAsync().ConfigureAwait(false)
                : new OutboxSink(Path.Combine(work, "outbox"));
            var manifests = ProofManifests.Write(Path.Combine(work, "manifests"), ChannelName, Subject, sink, scenario.RateLimits, options.Concurrency);
            var environment = new Dictionary<string, string>(options.DispatcherEnvironment, StringComparer.Ordinal)
            {
                ["K8SNOTIFY_PIPELINE__STATUS_TRACKING"] = scenario.StatusTracking ? "true" : "false",
                ["K8SNOTIFY_RECIPIENTS__ENABLED"] = scenario.Recipients ? "true" : "false",
            };
            if (scenario.Recipients)
            {
                await ProofRecipients.SeedAsync(nats.Url, Namespace, ChannelName, CancellationToken.None).ConfigureAwait(false);
            }

            dispatchers.AddRange(await Task.WhenAll(Enumerable.Range(0, scenario.Processes)
                .Select(_ => DispatcherChildProcess.StartAsync(manifests, nats.Url, redis?.ConnectionString, environment, options.DispatcherDll))).ConfigureAwait(false));

            await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
            var js = new NatsJSContext(connection);
            var stream = await js.GetStreamAsync(NatsNames.StreamName(ChannelResource(ChannelName, Subject))).ConfigureAwait(false);
            var published = 0UL;

            // Start-up: a fresh process's first messages, back to back, before anything warmed it.
            var startupClock = Stopwatch.StartNew();
            await PublishBurstAsync(js, Subject, "start-", options.StartupMessages).ConfigureAwait(false);
            published += (ulong)options.StartupMessages;
            await WaitDrainedAsync(stream, published, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            var startupSeconds = startupClock.Elapsed.TotalSeconds;

            // Warm-up: JIT, connections, the template cache; not measured.
            var warmup = await WarmUpAsync(js, stream, dispatchers, published, options).ConfigureAwait(false);
            published += (ulong)warmup.Messages;

            // Closed loop: a burst published back to back; throughput is the time until the last one is acked.
            var cpu = Cpu(dispatchers);
            var natsCpu = ProcStats.CpuSeconds(nats.Pid ?? 0);
            var stopwatch = Stopwatch.StartNew();
            await PublishBurstAsync(js, Subject, "burst-", options.BurstMessages).ConfigureAwait(false);
            published += (ulong)options.BurstMessages;
            await WaitDrainedAsync(stream, published, TimeSpan.FromSeconds(Math.Max(120, options.BurstMessages / 100.0))).ConfigureAwait(false);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var perSecond = options.BurstMessages / seconds;
            var missing = Enumerable.Range(0, options.BurstMessages).Count(i => !sink.TryGetDelivered($"burst-{i}", out _));
            if (missing > 0)
            {
                throw new InvalidOperationException($"{missing} of the burst's {options.BurstMessages} notifications were acked but never reached the sink");
            }

            result = result with
            {
                Warmup = warmup,
                Startup = new StartupResult(options.StartupMessages, startupSeconds, options.StartupMessages / startupSeconds, options.StartupMessages / startupSeconds / perSecond),
                Throughput = new ThroughputResult(
                    options.BurstMessages,
                    seconds,
                    perSecond,
                    raw.PerSecond > 0 ? perSecond / raw.PerSecond : null,
                    (Cpu(dispatchers) - cpu) / options.BurstMessages * 1000,
                    (ProcStats.CpuSeconds(nats.Pid ?? 0) - natsCpu) / options.BurstMessages * 1000),
            };
            await output.WriteLineAsync(Invariant(
                $"{scenario.Name}: {perSecond:N0} notifications/s ({options.BurstMessages:N0} in {seconds:0.00} s) after a warm-up of {warmup.Messages:N0} in {warmup.Seconds:0.0} s (JIT {(warmup.JitSettled ? "settled" : "still busy")}, {warmup.JitShare:P0} of a core)")).ConfigureAwait(false);

            var rates = new List<RateResult>();
            foreach (var rate in options.Rates)
            {
                var saturated = rate > perSecond * 0.9;
                var duration = saturated ? options.SaturatedRateDuration : options.RateDuration;
                var count = Math.Max(1, (int)(rate * duration.TotalSeconds));
                var prefix = Invariant($"r{rate}-");
                cpu = Cpu(dispatchers);
                var (scheduled, publishedPerSecond) = await PublishOpenLoopAsync(connection, prefix, rate, count).ConfigureAwait(false);
                published += (ulong)count;
                var drained = await WaitDrainedAsync(stream, published, TimeSpan.FromSeconds(30 + (3 * count / perSecond)), throwOnTimeout: false).ConfigureAwait(false);
                var latencies = new List<double>(count);
                for (var i = 0; i < count; i++)
                {
                    if (sink.TryGetDelivered(prefix + i.ToString(CultureInfo.InvariantCulture), out var delivered))
                    {
                        latencies.Add((delivered - scheduled[i]) * 1000.0 / Stopwatch.Frequency);
                    }
                }

                var (p50, p95, p99, max) = LatencySummary.Summarise(latencies, count - latencies.Count);
                rates.Add(new RateResult
                {
                    Offered = rate,
                    Seconds = duration.TotalSeconds,
                    Messages = count,
                    Delivered = latencies.Count,
                    PublishedPerSecond = publishedPerSecond,
                    P50Ms = p50,
                    P95Ms = p95,
                    P99Ms = p99,
                    MaxMs = max,
                    Saturated = saturated,
                    DispatcherCpuSecondsPer1000 = (Cpu(dispatchers) - cpu) / count * 1000,
                });
                await output.WriteLineAsync(Invariant($"{scenario.Name} @ {rate:N0}/s{(saturated ? " (saturated)" : "")}: p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms, {latencies.Count}/{count} delivered{(drained ? "" : ", drain timed out")}")).ConfigureAwait(false);
                if (!drained)
                {
                    // A queue that did not drain in time would spill into the next rate's numbers.
                    break;
                }
            }

            var rss = dispatchers.Select(d => ProcStats.PeakRssMb(d.Pid)).ToList();
            result = result with
            {
                Rates = rates,
                PeakRssMbPerProcess = rss,
                PeakRssMb = rss.Count == 0 ? 0 : rss.Max(),
                RssAtEndMb = ProcStats.RssBreakdownMb(dispatchers[0].Pid),
            };
            if (dispatchers.FirstOrDefault(d => d.HasExited) is { } dead)
            {
                result = result with { Error = "a dispatcher exited during the run:\n" + dead.Output };
            }

            await Task.WhenAll(dispatchers.Select(d => d.StopAsync(TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One failing scenario is reported in its row; the others still run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var tail = dispatchers.Select(d => d.Output).FirstOrDefault(o => o.Length > 0) ?? "";
            result = result with { Error = e.Message + (tail.Length > 0 ? "\ndispatcher output (tail):\n" + tail[^Math.Min(tail.Length, 2_000)..] : "") };
            await output.WriteLineAsync($"{scenario.Name}: failed: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            foreach (var dispatcher in dispatchers)
            {
                await dispatcher.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }

        return result;
    }

    /// <summary>A Channel with no stream settings, as the manifests declare it: the stream shape comes from the same defaults.</summary>
    private static Channel ChannelResource(string name, string subject) => new()
    {
        Metadata = new() { Name = name, NamespaceProperty = Namespace },
        Spec = new ChannelSpec { Type = ChannelType.Email, Subjects = [subject] },
    };

    /// <summary>
    /// Publishes the warm-up messages, then further chunks until the dispatchers' background JIT has gone quiet (tiered
    /// compilation still recompiling hot methods would be measured as part of the burst) or the longest warm-up passed.
    /// </summary>
    private static async Task<WarmupResult> WarmUpAsync(NatsJSContext js, INatsJSStream stream, IReadOnlyList<DispatcherChildProcess> dispatchers, ulong published, ProofOptions options)
    {
        var clock = Stopwatch.StartNew();
        var messages = 0;
        var chunk = options.WarmupMessages;
        var jit = JitCpu(dispatchers);
        var window = Stopwatch.StartNew();
        var jitShare = double.NaN;
        while (true)
        {
            await PublishBurstAsync(js, Subject, Invariant($"warm-{messages}-"), chunk).ConfigureAwait(false);
            messages += chunk;
            await WaitDrainedAsync(stream, published + (ulong)messages, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            chunk = options.WarmupChunk;

            // /proc counts CPU in 10 ms ticks: judge the JIT over at least JitWindow, whatever the chunk took.
            if (window.Elapsed >= JitWindow)
            {
                var jitNow = JitCpu(dispatchers);
                jitShare = (jitNow - jit) / dispatchers.Count / window.Elapsed.TotalSeconds;
                if (jitShare <= options.JitSettledShare)
                {
                    return new WarmupResult(messages, clock.Elapsed.TotalSeconds, true, jitShare);
                }

                jit = jitNow;
                window.Restart();
            }

            if (clock.Elapsed >= options.MaxWarmup)
            {
                return new WarmupResult(messages, clock.Elapsed.TotalSeconds, false, double.IsNaN(jitShare) ? 1 : jitShare);
            }
        }
    }

    /// <summary>CPU seconds of the runtime's background (tier-1) JIT threads of the dispatchers.</summary>
    private static double JitCpu(IEnumerable<DispatcherChildProcess> dispatchers) => dispatchers.Sum(d => ProcStats.ThreadCpuSeconds(d.Pid, ".NET Tiered Com"));

    private static double Cpu(IEnumerable<DispatcherChildProcess> dispatchers) => dispatchers.Sum(d => ProcStats.CpuSeconds(d.Pid));

    /// <summary>Publishes back to back through JetStream, keeping up to <see cref="MaxPendingPublishAcks"/> acks outstanding.</summary>
    private static async Task PublishBurstAsync(NatsJSContext js, string subject, string prefix, int count)
    {
        var pending = new Queue<ValueTask<PubAckResponse>>(MaxPendingPublishAcks);
        for (var i = 0; i < count; i++)
        {
            pending.Enqueue(js.PublishAsync(subject, Message(prefix + i.ToString(CultureInfo.InvariantCulture), i), serializer: Raw));
            if (pending.Count >= MaxPendingPublishAcks)
            {
                (await pending.Dequeue().ConfigureAwait(false)).EnsureSuccess();
            }
        }

        while (pending.Count > 0)
        {
            (await pending.Dequeue().ConfigureAwait(false)).EnsureSuccess();
        }
    }

    /// <summary>
    /// Open loop: message i is due at start + i/rate and is published as soon as a 1 ms timer tick finds it due. Returns
    /// each message's scheduled time, from which latency is measured, so a late publish counts as latency.
    /// </summary>
    private static async Task<(long[] Scheduled, double PublishedPerSecond)> PublishOpenLoopAsync(NatsConnection connection, string prefix, int rate, int count)
    {
        var messages = Enumerable.Range(0, count).Select(i => Message(prefix + i.ToString(CultureInfo.InvariantCulture), i)).ToArray();
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20);
        var scheduled = new long[count];
        for (var i = 0; i < count; i++)
        {
            scheduled[i] = start + (long)(i * (double)Stopwatch.Frequency / rate);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var next = 0;
        while (next < count)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < count && scheduled[next] <= now)
            {
                await connection.PublishAsync(Subject, messages[next], serializer: Raw).ConfigureAwait(false);
                next++;
            }

            if (next < count)
            {
                await timer.WaitForNextTickAsync().ConfigureAwait(false);
            }
        }

        // The server has every message once it answers a ping sent after them.
        await connection.PingAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (scheduled, count / Math.Max(elapsed, 1e-6));
    }

    /// <summary>Waits until the stream holds <paramref name="published"/> messages in total and none is left (work-queue: acked ones are removed).</summary>
    private static async Task<bool> WaitDrainedAsync(INatsJSStream stream, ulong published, TimeSpan timeout, bool throwOnTimeout = true)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await stream.RefreshAsync().ConfigureAwait(false);
            var state = stream.Info.State;
            if (state.LastSeq >= published && state.Messages == 0)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return throwOnTimeout
                    ? throw new TimeoutException(Invariant($"stream not drained after {timeout.TotalSeconds:0} s: {state.Messages} of {state.LastSeq} messages left"))
                    : false;
            }

            await Task.Delay(DrainPoll).ConfigureAwait(false);
        }
    }

    /// <summary>The same ~130-byte message for raw and dispatcher runs: valid for the welcome Template, 1,000 distinct recipients.</summary>
    private static byte[] Message(string id, int i) =>
        Encoding.UTF8.GetBytes(Invariant($"{{\"id\":\"{id}\",\"template\":\"welcome\",\"to\":\"user-{i % 1000}@example.com\",\"data\":{{\"name\":\"Ada\",\"order\":{i}}}}}"));

    private static async Task<IReadOnlyDictionary<string, string>> VersionsAsync()
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [".NET"] = RuntimeInformation.FrameworkDescription,
            ["NATS.Net"] = typeof(NatsConnection).Assembly.GetName().Version?.ToString() ?? "?",
            ["kernel"] = await FirstLineAsync(() => File.ReadAllTextAsync("/proc/sys/kernel/osrelease")).ConfigureAwait(false),
            ["nats-server"] = await FirstLineAsync(() => ToolOutputAsync("nats-server", "--version")).ConfigureAwait(false),
            ["redis-server"] = await FirstLineAsync(() => ToolOutputAsync("redis-server", "--version")).ConfigureAwait(false),
            ["k8snotify"] = await FirstLineAsync(() => ToolOutputAsync("git", "-C", RepositoryRoot.Path, "describe", "--always", "--dirty")).ConfigureAwait(false),
        };
        return versions;
    }

    private static async Task<string> FirstLineAsync(Func<Task<string>> read)
    {
        try
        {
            return (await read().ConfigureAwait(false)).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static async Task<string> ToolOutputAsync(string tool, params string[] args) =>
        (await ToolProcess.RunAsync(ServerProcess.Locate(tool) ?? tool, args).ConfigureAwait(false)).Output;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
