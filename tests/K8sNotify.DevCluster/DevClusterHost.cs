using System.Globalization;
using k8s.Models;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using K8sNotify.TestSupport.Processes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sNotify.DevCluster;

/// <summary>
/// Starts the local control plane and its neighbours on free loopback ports, writes the kubeconfig and env files, and
/// stops everything it started (newest first, by PID) when the host shuts down.
/// </summary>
public sealed partial class DevClusterHost(IOptions<DevClusterOptions> options, ILogger<DevClusterHost> logger) : IHostedService
{
    /// <summary>The line printed once everything runs (scripts and tests wait for it).</summary>
    public const string ReadyLine = "dev-cluster ready";

    private readonly DevClusterOptions _options = options.Value;
    private readonly Stack<Func<Task>> _stops = new();
    private StreamWriter? _operatorLog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        while (_stops.TryPop(out var stop))
        {
            try
            {
                await stop().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                LogStopFailed(logger, e.Message);
            }
        }

        LogStopped(logger);
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var state = Path.GetFullPath(_options.StateDirectory, RepositoryRoot.Path);
        Directory.CreateDirectory(state);
        foreach (var stale in new[] { "kubeconfig", "env", "pids" })
        {
            File.Delete(Path.Combine(state, stale));
        }

        var api = await FakeKubernetesApiServer.StartAsync(cancellationToken, _options.ApiServerPort).ConfigureAwait(false);
        _stops.Push(() => api.DisposeAsync().AsTask());
        api.RegisterPrometheusOperatorResources();
        api.InstallCrds(Path.GetFullPath(_options.CrdDirectory, RepositoryRoot.Path));
        foreach (var ns in new[] { "default", "kube-system" })
        {
            api.Put(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns }, Status = new V1NamespaceStatus { Phase = "Active" } });
        }

        var kubeconfig = Path.Combine(state, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, api.Kubeconfig(), cancellationToken).ConfigureAwait(false);
        LogStarted(logger, "API server", api.BaseAddress.ToString());

        var natsStore = Path.Combine(state, "nats");
        if (Directory.Exists(natsStore))
        {
            Directory.Delete(natsStore, recursive: true);
        }

        Directory.CreateDirectory(natsStore);

        var nats = await NatsServer.StartAsync(storeDirectory: natsStore, cancellationToken: cancellationToken).ConfigureAwait(false);
        _stops.Push(() => nats.DisposeAsync().AsTask());
        LogStarted(logger, "nats-server", nats.Url);
        var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _stops.Push(() => redis.DisposeAsync().AsTask());
        LogStarted(logger, "redis-server", redis.ConnectionString);
        await File.WriteAllTextAsync(Path.Combine(state, "env"), $"NATS_URL={nats.Url}\nREDIS_URL={redis.ConnectionString}\n", cancellationToken).ConfigureAwait(false);

        var pids = new List<(string Name, int? Pid)> { ("nats-server", nats.Pid), ("redis-server", redis.Pid) };
        if (_options.RunOperator)
        {
            var operatorProcess = await StartOperatorAsync(state, kubeconfig, nats.Url, redis.ConnectionString, cancellationToken).ConfigureAwait(false);
            pids.Add(("operator", operatorProcess.Pid));
        }

        await StartKubeletAsync(api, state, cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(Path.Combine(state, "pids"), pids.Where(p => p.Pid is not null).Select(p => $"{p.Name} {p.Pid}"), cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(Usage(state, api.BaseAddress, nats.Url, redis.ConnectionString)).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(ReadyLine).ConfigureAwait(false);
    }

    private async Task<ServerProcess> StartOperatorAsync(string state, string kubeconfig, string natsUrl, string redisUrl, CancellationToken cancellationToken)
    {
        var dll = _options.OperatorDll is { Length: > 0 } configured ? configured : BuildOutput("operator", "K8sNotify.Operator", "k8snotify-operator.dll");
        var healthPort = FreePort.Next();
        _operatorLog = new StreamWriter(Path.Combine(state, "operator.log"), append: false) { AutoFlush = true };
        var log = _operatorLog;
        _stops.Push(() => log.DisposeAsync().AsTask());
        var process = new ServerProcess(
            "dotnet",
            [
                dll, "run",
                $"--urls=http://127.0.0.1:{healthPort.ToString(CultureInfo.InvariantCulture)}",
                $"--Dispatcher:NatsUrl={natsUrl}",
                $"--Dispatcher:RedisUrl={redisUrl}",
                "--Operator:LeaderElectionEnabled=true",
                "--Operator:LeaseNamespace=default",
                "--Operator:Identity=dev-cluster-operator",
            ],
            healthPort,
            RepositoryRoot.Path,
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig },
            line =>
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            });
        await process.StartAsync(_options.OperatorStartTimeout, cancellationToken).ConfigureAwait(false);
        _stops.Push(() => process.DisposeAsync().AsTask());
        LogStarted(logger, "operator", $"pid {process.Pid}, health and metrics on http://127.0.0.1:{healthPort}, log {Path.Combine(state, "operator.log")}");
        return process;
    }

    // The kubelet stand-in runs the dispatchers of the operator's Deployments; it joins here as one call once it exists.
    private Task StartKubeletAsync(FakeKubernetesApiServer api, string state, CancellationToken cancellationToken)
    {
        _ = (api, state, cancellationToken);
        LogNoKubelet(logger);
        return Task.CompletedTask;
    }

    private static string BuildOutput(string folder, string project, string dll)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = RepositoryRoot.Combine(folder, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} not found: build {folder}/{project} -c {configuration} first", path);
    }

    private static string Usage(string state, Uri api, string natsUrl, string redisUrl) =>
        $"""

        K8sNotify dev cluster (a test and demo double, not Kubernetes; see docs/dev-cluster.md)
          API server  {api}
          NATS        {natsUrl}
          Redis       {redisUrl}
          files       {state}/kubeconfig, {state}/env, {state}/operator.log

          export KUBECONFIG={state}/kubeconfig
          kubectl apply --server-side -f examples/providers/ -f examples/templates/ -f examples/channels/
          kubectl get k8snotify
          kubectl describe channel <name>
          kubectl wait --for=condition=Ready channel/<name> --timeout=60s

        Ctrl+C (or SIGTERM) stops everything.
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Component} started: {Address}")]
    private static partial void LogStarted(ILogger logger, string component, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The kubelet stand-in is not part of this build: Deployments the operator writes get no pods")]
    private static partial void LogNoKubelet(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping a component failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Everything the dev cluster started is stopped")]
    private static partial void LogStopped(ILogger logger);
}
