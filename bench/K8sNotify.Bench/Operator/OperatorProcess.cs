using System.Diagnostics;
using System.Globalization;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using K8sNotify.TestSupport.Metrics;

namespace K8sNotify.Bench.Operator;

/// <summary>
/// <c>k8snotify-operator run</c> as a child process pointed at the fake API server through a kubeconfig file, so its
/// peak RSS (VmHWM) and CPU time are the operator's alone and not the bench's or the fake server's.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly string _workDirectory;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private OperatorProcess(Process process, string workDirectory, Uri endpoint)
    {
        _process = process;
        _workDirectory = workDirectory;
        Endpoint = endpoint;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where the operator serves /healthz, /readyz and /metrics.</summary>
    public Uri Endpoint { get; }

    public int Pid => _process.Id;

    public DateTime StartTime { get; private init; }

    /// <summary>The operator's last lines of output (for a failed run).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Starts the operator built next to the bench (Release build of operator/K8sNotify.Operator), leader election on
    /// (the fake serves Leases), JetStream through <paramref name="natsUrl"/>.
    /// </summary>
    public static OperatorProcess Start(FakeKubernetesApiServer api, string natsUrl, int workers, int memoryLimitMiB, string configuration)
    {
        var dll = RepositoryRoot.Combine("operator", "K8sNotify.Operator", "bin", configuration, "net10.0", "k8snotify-operator.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the bench (it builds the operator) in {configuration} first");
        }

        var work = Directory.CreateTempSubdirectory("k8snotify-operator-bench-").FullName;
        var kubeconfig = Path.Combine(work, "kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {api.BaseAddress.ToString().TrimEnd('/')}
            users:
            - name: bench
              user:
                token: the-fake-api-server-ignores-it
            contexts:
            - name: fake
              context:
                cluster: fake
                user: bench
            current-context: fake
            """);

        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        foreach (var arg in new[]
        {
            dll, "run",
            "--urls", $"http://127.0.0.1:{port}",
            "--Dispatcher:Image", "registry.example.com/k8snotify/dispatcher:bench",
            "--Dispatcher:NatsUrl", natsUrl,
            "--Operator:Workers", workers.ToString(CultureInfo.InvariantCulture),
            "--Operator:LeaseNamespace", "default",
            "--Operator:Identity", "bench-operator",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = kubeconfig;
        if (memoryLimitMiB > 0)
        {
            // What the runtime does by itself under a cgroup memory limit: the GC heap may use 75 % of it.
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)memoryLimitMiB * 1024 * 1024 * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Information logs as in production; the bench keeps the last lines for diagnostics.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var startTime = DateTime.UtcNow;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new OperatorProcess(process, work, new Uri($"http://127.0.0.1:{port}")) { StartTime = startTime };
    }

    /// <summary>Waits for /readyz (every informer cache synced).</summary>
    public Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the operator exited with {_process.ExitCode}:\n{RecentOutput}");
                }

                try
                {
                    using var response = await _http.GetAsync(new Uri(Endpoint, "/readyz"), cancellationToken).ConfigureAwait(false);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "operator /readyz",
            timeout,
            cancellationToken);

    /// <summary>Throws with the operator's output when it has exited.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the operator exited with {_process.ExitCode}:\n{RecentOutput}");
        }
    }

    /// <summary>Reconciles so far of <paramref name="kind"/> by result, from the operator's /metrics.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ReconcileCountsAsync(string kind, CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync(new Uri(Endpoint, "/metrics"), cancellationToken).ConfigureAwait(false);
        return PrometheusTextParser.Parse(text)
            .Where(s => s.Name == "k8snotify_operator_reconcile_total" && s.Labels.GetValueOrDefault("kind") == kind)
            .ToDictionary(s => s.Labels.GetValueOrDefault("result") ?? "", s => s.Value, StringComparer.Ordinal);
    }

    /// <summary>The managed heap after a collection (prometheus-net's dotnet_total_memory_bytes), in MiB, or null when not exported.</summary>
    public async Task<double?> ManagedHeapMiBAsync(CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync(new Uri(Endpoint, "/metrics"), cancellationToken).ConfigureAwait(false);
        return PrometheusTextParser.Parse(text).FirstOrDefault(s => s.Name == "dotnet_total_memory_bytes") is { } sample ? sample.Value / (1024 * 1024) : null;
    }

    /// <summary>Peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB() => StatusKiB("VmHWM:") / 1024.0;

    /// <summary>The resident set by kind, in MiB: anonymous (heaps, JIT code), file-backed (mapped assemblies), shared (W^X double-mapped code).</summary>
    public RssBreakdown RssBreakdownMiB() =>
        new(StatusKiB("RssAnon:") / 1024.0, StatusKiB("RssFile:") / 1024.0, StatusKiB("RssShmem:") / 1024.0);

    /// <summary>Current resident set size (VmRSS), in MiB.</summary>
    public double RssMiB() => StatusKiB("VmRSS:") / 1024.0;

    /// <summary>User + system CPU time the operator has used.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }

    private long StatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{field} not in /proc/{_process.Id}/status");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }
}
