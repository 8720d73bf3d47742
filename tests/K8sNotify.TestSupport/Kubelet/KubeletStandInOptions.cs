using K8sNotify.Api.Contract;
using k8s;

namespace K8sNotify.TestSupport.Kubelet;

/// <summary>Where the <see cref="KubeletStandIn"/> finds the API server and the dispatcher build, and how fast it syncs.</summary>
public sealed class KubeletStandInOptions
{
    /// <summary>How the stand-in reaches the API server (e.g. from a kubeconfig file).</summary>
    public required KubernetesClientConfiguration ApiServer { get; init; }

    /// <summary>The dispatcher build that runs instead of the container image: <c>dotnet &lt;DispatcherAssembly&gt;</c>.</summary>
    public required string DispatcherAssembly { get; init; }

    /// <summary>Directory holding one root per pod (volumes and the pod's log); created, and removed on dispose.</summary>
    public string? PodRootDirectory { get; init; }

    /// <summary>Deployments selected by this label selector are run; by default the dispatcher Deployments the operator writes.</summary>
    public string DeploymentSelector { get; init; } = DispatcherLabels.Name + "=" + DispatcherLabels.DispatcherName;

    /// <summary>How often Deployments, volumes and processes are reconciled.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The readiness probe period. The pod spec's <c>periodSeconds</c> is replaced by this so tests see readiness
    /// change within a fraction of a second; the probe's path, port and failureThreshold are used as written.
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound on a pod's terminationGracePeriodSeconds, so a test's teardown stays short.</summary>
    public TimeSpan MaxTerminationGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Environment variables every pod gets on top of its container's (e.g. log settings for diagnostics).</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();
}
