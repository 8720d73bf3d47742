namespace K8sNotify.TestSupport.Kubelet;

/// <summary>A pod the <see cref="KubeletStandIn"/> runs, as a test sees it at one moment.</summary>
/// <param name="Namespace">The Deployment's namespace.</param>
/// <param name="Name">The Pod object's name.</param>
/// <param name="Deployment">The owning Deployment.</param>
/// <param name="TemplateHash">Hash of the pod template the pod was started from (its <c>pod-template-hash</c> label).</param>
/// <param name="Pid">The dispatcher process, or null while it is not running.</param>
/// <param name="Ports">Container port → loopback port the process listens on.</param>
/// <param name="Ready">The readiness probe's last verdict.</param>
/// <param name="Restarts">How often the process was restarted after exiting.</param>
/// <param name="Root">The directory the pod's volumes are mounted under (mountPath <c>/x</c> is <c>Root/x</c>).</param>
public sealed record KubeletPod(
    string Namespace,
    string Name,
    string Deployment,
    string TemplateHash,
    int? Pid,
    IReadOnlyDictionary<int, int> Ports,
    bool Ready,
    int Restarts,
    string Root);
