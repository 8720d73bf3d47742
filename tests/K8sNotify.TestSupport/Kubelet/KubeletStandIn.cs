using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sNotify.TestSupport.Kubelet;

/// <summary>
/// A test and demo double for the kubelet and the Deployment controller (NOT a kubelet): for every selected Deployment
/// it runs <c>spec.replicas</c> local dispatcher processes from the pod template as written (args; env from value,
/// secretKeyRef, configMapKeyRef and fieldRef; ConfigMap/Secret volumes at their mountPaths under a per-pod root with
/// the atomic <c>..data</c> swap on updates; readiness from the readinessProbe), writes Pod objects and Deployment
/// status over HTTP, rolls pods when the template changes (new pod ready before an old one gets SIGTERM, SIGKILL after
/// the grace period) and scales when replicas change. The image is ignored: <c>dotnet DispatcherAssembly</c> runs.
/// It talks to the API server only through its HTTP API, so it works against the fake API server and the local
/// control plane alike. Not done: liveness probes, init containers, resource limits, node scheduling, subPath.
/// </summary>
public sealed class KubeletStandIn : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly KubeletStandInOptions _options;
    private readonly IKubernetes _client;
    private readonly string _root;
    private readonly bool _ownsRoot;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, DeploymentState> _deployments = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private string? _lastError;

    private KubeletStandIn(KubeletStandInOptions options)
    {
        _options = options;
        _client = new k8s.Kubernetes(options.ApiServer);
        _ownsRoot = options.PodRootDirectory is null;
        _root = options.PodRootDirectory ?? Directory.CreateTempSubdirectory("k8snotify-kubelet-").FullName;
        Directory.CreateDirectory(_root);
    }

    /// <summary>The last error a sync pass hit (API server unreachable, a pod that cannot start), for failure messages.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Starts syncing in the background.</summary>
    public static KubeletStandIn Start(KubeletStandInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kubelet = new KubeletStandIn(options);
        kubelet._loop = Task.Run(() => kubelet.RunAsync(kubelet._stopping.Token));
        return kubelet;
    }

    /// <summary>The pods running now (terminating ones included) of one Deployment, or of all when <paramref name="deployment"/> is null.</summary>
    public IReadOnlyList<KubeletPod> Pods(string? ns = null, string? deployment = null)
    {
        lock (_gate)
        {
            return [.. _deployments.Values
                .SelectMany(d => d.Pods)
                .Where(p => (ns is null || p.Namespace == ns) && (deployment is null || p.Deployment == deployment))
                .Select(p => p.Snapshot())];
        }
    }

    /// <summary>The last lines a pod's process printed (stdout and stderr).</summary>
    public string Logs(string podName)
    {
        lock (_gate)
        {
            return _deployments.Values.SelectMany(d => d.Pods).FirstOrDefault(p => p.Name == podName)?.Output ?? string.Empty;
        }
    }

    /// <summary>Everything the pods printed and the last sync error, for a failed test's message.</summary>
    public string Diagnostics()
    {
        lock (_gate)
        {
            var sb = new StringBuilder();
            sb.Append("kubelet stand-in last error: ").AppendLine(_lastError ?? "none");
            foreach (var pod in _deployments.Values.SelectMany(d => d.Pods))
            {
                sb.Append("--- pod ").Append(pod.Namespace).Append('/').Append(pod.Name)
                    .Append(" ready=").Append(pod.Ready).Append(" waiting=").Append(pod.Waiting ?? "-").AppendLine();
                sb.AppendLine(pod.Output);
            }

            return sb.ToString();
        }
    }

    /// <summary>Stops the sync loop and kills every process it started (by PID), then removes the pod roots.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        List<DeploymentState> all;
        lock (_gate)
        {
            all = [.. _deployments.Values];
        }

        foreach (var state in all)
        {
            await Task.WhenAll(state.Stopping).ConfigureAwait(false);
            foreach (var pod in state.Pods)
            {
                pod.Kill();
            }
        }

        _client.Dispose();
        _stopping.Dispose();
        if (_ownsRoot)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Removed by the OS's temp cleanup later.
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or InvalidOperationException or System.Text.Json.JsonException)
            {
                Remember(e.Message);
            }

            await Task.Delay(_options.SyncInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var list = await _client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: _options.DeploymentSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cache = new ApiObjectCache(_client);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in list.Items.Where(d => d.Metadata.DeletionTimestamp is null))
        {
            var key = deployment.Metadata.NamespaceProperty + "/" + deployment.Metadata.Name;
            seen.Add(key);
            DeploymentState state;
            lock (_gate)
            {
                if (!_deployments.TryGetValue(key, out state!))
                {
                    state = new DeploymentState(deployment.Metadata.NamespaceProperty, deployment.Metadata.Name);
                    _deployments[key] = state;
                }
            }

            await SyncDeploymentAsync(deployment, state, cache, cancellationToken).ConfigureAwait(false);
        }

        List<DeploymentState> gone;
        lock (_gate)
        {
            gone = [.. _deployments.Where(d => !seen.Contains(d.Key)).Select(d => d.Value)];
        }

        foreach (var state in gone)
        {
            foreach (var pod in state.Pods.Where(p => !p.Terminating))
            {
                BeginStop(state, pod);
            }

            ReapStopped(state);
            if (state.Pods.Count == 0)
            {
                lock (_gate)
                {
                    _deployments.Remove(state.Namespace + "/" + state.Name);
                }
            }
        }
    }

    private async Task SyncDeploymentAsync(V1Deployment deployment, DeploymentState state, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        var hash = TemplateHash(deployment.Spec.Template);
        var desired = deployment.Spec.Replicas ?? 1;
        ReapStopped(state);

        var current = state.Pods.Where(p => !p.Terminating && p.TemplateHash == hash).ToList();
        var old = state.Pods.Where(p => !p.Terminating && p.TemplateHash != hash).ToList();

        for (var i = current.Count; i < desired; i++)
        {
            var pod = NewPod(deployment, hash);
            lock (_gate)
            {
                state.Pods.Add(pod);
            }

            current.Add(pod);
        }

        // Scale down: not-ready pods first, then the newest.
        foreach (var extra in current.OrderBy(p => p.Ready).ThenByDescending(p => p.StartedAt ?? DateTime.MaxValue).Take(Math.Max(0, current.Count - desired)).ToList())
        {
            BeginStop(state, extra);
            current.Remove(extra);
        }

        foreach (var pod in current.Concat(old))
        {
            await RunPodAsync(pod, cache, cancellationToken).ConfigureAwait(false);
        }

        await ProbeAsync(current.Concat(old), cancellationToken).ConfigureAwait(false);

        // Rolling update with maxUnavailable 0: an old pod goes only once a new one is ready in its place.
        var readyNew = current.Count(p => p.Ready);
        var keepOld = Math.Max(0, desired - readyNew);
        foreach (var stale in old.OrderBy(p => p.Ready).Skip(keepOld).ToList())
        {
            BeginStop(state, stale);
        }

        foreach (var pod in state.Pods.Where(p => !p.Terminating))
        {
            await WritePodAsync(deployment, pod, cancellationToken).ConfigureAwait(false);
        }

        await WriteDeploymentStatusAsync(deployment, state, hash, desired, cancellationToken).ConfigureAwait(false);
    }

    private PodRun NewPod(V1Deployment deployment, string hash)
    {
        var name = $"{deployment.Metadata.Name}-{hash}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5]}";
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(deployment.Spec.Template));
        var ports = (PodSpecResolver.Container(template).Ports ?? [])
            .Select(p => p.ContainerPort)
            .Distinct()
            .ToDictionary(p => p, _ => FreePort.Next());
        var root = Path.Combine(_root, deployment.Metadata.NamespaceProperty, name);
        Directory.CreateDirectory(root);
        return new PodRun(deployment.Metadata.NamespaceProperty, name, deployment.Metadata.Name, hash, template, root, ports);
    }

    // Volumes are refreshed on every pass (the kubelet's periodic sync); the process starts once they are in place and
    // restarts with a back-off after it exits (restartPolicy Always).
    private async Task RunPodAsync(PodRun pod, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        try
        {
            await PodSpecResolver.SyncVolumesAsync(pod, cache, cancellationToken).ConfigureAwait(false);
            if (pod.Running)
            {
                return;
            }

            if (pod.Process is not null)
            {
                pod.Ready = false;
                pod.MarkExited();
                var backoff = TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, pod.Restarts)));
                if (DateTime.UtcNow - pod.ExitedAt < backoff)
                {
                    pod.Waiting = "CrashLoopBackOff";
                    return;
                }
            }

            var environment = await PodSpecResolver.EnvironmentAsync(pod, cache, cancellationToken).ConfigureAwait(false);
            foreach (var (name, value) in _options.ExtraEnvironment)
            {
                environment[name] = value;
            }

            pod.Start(_options.DispatcherAssembly, PodSpecResolver.Args(pod), environment);
            pod.NextProbe = DateTime.UtcNow;
        }
        catch (ContainerConfigException e)
        {
            pod.Waiting = "CreateContainerConfigError";
            Remember($"{pod.Namespace}/{pod.Name}: {e.Message}");
        }
    }

    private async Task ProbeAsync(IEnumerable<PodRun> pods, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var due = pods.Where(p => p.Running && p.NextProbe <= now).ToList();
        await Task.WhenAll(due.Select(p => ProbeOneAsync(p, cancellationToken))).ConfigureAwait(false);
    }

    private async Task ProbeOneAsync(PodRun pod, CancellationToken cancellationToken)
    {
        pod.NextProbe = DateTime.UtcNow + _options.ProbeInterval;
        var container = PodSpecResolver.Container(pod.Template);
        if (container.ReadinessProbe?.HttpGet is not { } get)
        {
            pod.Ready = true;
            return;
        }

        var port = ProbePort(container, get.Port);
        var ok = false;
        if (port is not null && pod.Ports.TryGetValue(port.Value, out var hostPort))
        {
            try
            {
                using var response = await Probe.GetAsync(new Uri($"http://127.0.0.1:{hostPort}{get.Path}"), cancellationToken).ConfigureAwait(false);
                ok = (int)response.StatusCode is >= 200 and < 400;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                ok = false;
            }
        }

        if (ok)
        {
            pod.ProbeFailures = 0;
            pod.Ready = true;
        }
        else if (++pod.ProbeFailures >= (container.ReadinessProbe.FailureThreshold ?? 3) || !pod.Ready)
        {
            pod.Ready = false;
        }
    }

    private static int? ProbePort(V1Container container, IntOrString port)
    {
        var value = port.Value;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : container.Ports?.FirstOrDefault(p => p.Name == value)?.ContainerPort;
    }

    private void BeginStop(DeploymentState state, PodRun pod)
    {
        pod.Terminating = true;
        var grace = TimeSpan.FromSeconds(Math.Max(0, pod.Template.Spec.TerminationGracePeriodSeconds ?? 30));
        if (grace > _options.MaxTerminationGracePeriod)
        {
            grace = _options.MaxTerminationGracePeriod;
        }

        pod.Stopped = StopAndDeleteAsync(pod, grace);
        lock (_gate)
        {
            state.Stopping.Add(pod.Stopped);
        }
    }

    private async Task StopAndDeleteAsync(PodRun pod, TimeSpan grace)
    {
        await pod.StopAsync(grace).ConfigureAwait(false);
        if (pod.PodObjectCreated)
        {
            try
            {
                await _client.CoreV1.DeleteNamespacedPodAsync(pod.Name, pod.Namespace).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException)
            {
                Remember($"delete pod {pod.Namespace}/{pod.Name}: {e.Message}");
            }
        }
    }

    private void ReapStopped(DeploymentState state)
    {
        lock (_gate)
        {
            state.Stopping.RemoveAll(t => t.IsCompleted);
            state.Pods.RemoveAll(p => p.Terminating && p.Stopped is { IsCompleted: true });
        }
    }

    private async Task WritePodAsync(V1Deployment deployment, PodRun pod, CancellationToken cancellationToken)
    {
        if (!pod.PodObjectCreated)
        {
            var labels = new Dictionary<string, string>(pod.Template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                ["pod-template-hash"] = pod.TemplateHash,
            };
            var spec = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(pod.Template.Spec));
            spec.NodeName = PodSpecResolver.NodeName;
            var body = new V1Pod
            {
                ApiVersion = "v1",
                Kind = V1Pod.KubeKind,
                Metadata = new V1ObjectMeta
                {
                    Name = pod.Name,
                    NamespaceProperty = pod.Namespace,
                    Labels = labels,
                    Annotations = pod.Template.Metadata?.Annotations,
                    OwnerReferences =
                    [
                        new V1OwnerReference
                        {
                            ApiVersion = "apps/v1",
                            Kind = V1Deployment.KubeKind,
                            Name = deployment.Metadata.Name,
                            Uid = deployment.Metadata.Uid,
                            Controller = true,
                            BlockOwnerDeletion = true,
                        },
                    ],
                },
                Spec = spec,
            };
            await _client.CoreV1.CreateNamespacedPodAsync(body, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            pod.PodObjectCreated = true;
        }

        var status = PodStatus(pod);
        var text = status.ToJsonString();
        if (text == pod.WrittenStatus)
        {
            return;
        }

        var patch = new JsonObject { ["status"] = status };
        await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod.Name, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        pod.WrittenStatus = text;
    }

    private static JsonObject PodStatus(PodRun pod)
    {
        var ready = pod.Ready ? "True" : "False";
        var container = PodSpecResolver.Container(pod.Template);
        JsonObject state = pod.Running
            ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Timestamp(pod.StartedAt) } }
            : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = pod.Waiting ?? "ContainerCreating" } };
        return new JsonObject
        {
            ["phase"] = pod.Running ? "Running" : "Pending",
            ["podIP"] = PodSpecResolver.PodIp,
            ["hostIP"] = PodSpecResolver.PodIp,
            ["startTime"] = Timestamp(pod.StartedAt),
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", "True"),
                Condition("Initialized", "True"),
                Condition("ContainersReady", ready),
                Condition("Ready", ready)),
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = container.Name,
                ["image"] = container.Image,
                ["ready"] = pod.Ready,
                ["started"] = pod.Running,
                ["restartCount"] = pod.Restarts,
                ["state"] = state,
            }),
        };
    }

    private async Task WriteDeploymentStatusAsync(V1Deployment deployment, DeploymentState state, string hash, int desired, CancellationToken cancellationToken)
    {
        var live = state.Pods.Where(p => !p.Terminating).ToList();
        var updated = live.Count(p => p.TemplateHash == hash);
        var ready = live.Count(p => p.Ready);
        var updatedReady = live.Count(p => p.Ready && p.TemplateHash == hash);
        var available = ready >= desired;
        var complete = updated == desired && updatedReady == desired && live.Count == desired;
        var status = new JsonObject
        {
            ["observedGeneration"] = deployment.Metadata.Generation ?? 1,
            ["replicas"] = live.Count,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["unavailableReplicas"] = Math.Max(0, live.Count - ready),
            ["conditions"] = new JsonArray(
                state.Condition("Available", available ? "True" : "False", available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                    available ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
                state.Condition("Progressing", "True", complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                    complete ? $"ReplicaSet \"{deployment.Metadata.Name}-{hash}\" has successfully progressed." : $"ReplicaSet \"{deployment.Metadata.Name}-{hash}\" is progressing.")),
        };
        var text = status.ToJsonString();
        if (text == state.WrittenStatus && deployment.Status?.ObservedGeneration == deployment.Metadata.Generation)
        {
            return;
        }

        var patch = new JsonObject { ["status"] = status };
        await _client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), deployment.Metadata.Name, deployment.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        state.WrittenStatus = text;
    }

    /// <summary>The pod-template-hash: a short hash of the template as stored, so any change starts a new revision.</summary>
    private static string TemplateHash(V1PodTemplateSpec template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template))))[..10];

    private static JsonObject Condition(string type, string status) => new()
    {
        ["type"] = type,
        ["status"] = status,
    };

    private static string? Timestamp(DateTime? time) =>
        time?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Remember(string error)
    {
        lock (_gate)
        {
            _lastError = error;
        }
    }

    /// <summary>The pods of one Deployment and the conditions last written for it.</summary>
    private sealed class DeploymentState(string ns, string name)
    {
        private readonly Dictionary<string, (string Status, string Reason, string Since)> _conditions = new(StringComparer.Ordinal);

        public string Namespace { get; } = ns;

        public string Name { get; } = name;

        public List<PodRun> Pods { get; } = [];

        public List<Task> Stopping { get; } = [];

        public string? WrittenStatus { get; set; }

        // lastTransitionTime changes only when the status does, as the Deployment controller keeps it.
        public JsonObject Condition(string type, string status, string reason, string message)
        {
            if (!_conditions.TryGetValue(type, out var last) || last.Status != status)
            {
                last = (status, reason, Timestamp(DateTime.UtcNow)!);
            }

            _conditions[type] = (status, reason, last.Since);
            return new JsonObject
            {
                ["type"] = type,
                ["status"] = status,
                ["reason"] = reason,
                ["message"] = message,
                ["lastTransitionTime"] = last.Since,
                ["lastUpdateTime"] = last.Since,
            };
        }
    }
}
