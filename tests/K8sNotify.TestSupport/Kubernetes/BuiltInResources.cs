using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>The built-in resource types the fake API server serves from the start, with kubectl's short names and categories.</summary>
internal static class BuiltInResources
{
    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp");

    public static IEnumerable<FakeResource> All() =>
    [
        new(string.Empty, "v1", "namespaces", "Namespace", Namespaced: false) { ShortNames = ["ns"], PrinterColumns = [new("Status", "string", ".status.phase"), Age] },
        new(string.Empty, "v1", "pods", "Pod") { ShortNames = ["po"], Categories = ["all"], PrinterColumns = [new("Status", "string", ".status.phase"), new("Restarts", "integer", ".status.containerStatuses[*].restartCount"), Age, new("IP", "string", ".status.podIP", 1)] },
        new(string.Empty, "v1", "secrets", "Secret", HasStatus: false) { PrinterColumns = [new("Type", "string", ".type"), Age] },
        new(string.Empty, "v1", "configmaps", "ConfigMap", HasStatus: false) { ShortNames = ["cm"] },
        new(string.Empty, "v1", "services", "Service") { ShortNames = ["svc"], Categories = ["all"], PrinterColumns = [new("Type", "string", ".spec.type"), new("Cluster-IP", "string", ".spec.clusterIP"), Age] },
        new(string.Empty, "v1", "serviceaccounts", "ServiceAccount", HasStatus: false) { ShortNames = ["sa"] },
        new(string.Empty, "v1", "endpoints", "Endpoints", HasStatus: false) { ShortNames = ["ep"] },
        new(string.Empty, "v1", "events", "Event", HasStatus: false) { ShortNames = ["ev"], PrinterColumns = [new("Last Seen", "date", ".lastTimestamp"), new("Type", "string", ".type"), new("Reason", "string", ".reason"), new("Object", "string", ".involvedObject.name"), new("Message", "string", ".message")] },
        new("apps", "v1", "deployments", "Deployment")
        {
            ShortNames = ["deploy"],
            Categories = ["all"],
            Scale = new ScaleSubresource(".spec.replicas", ".status.replicas", ".spec.selector"),
            PrinterColumns = [new("Replicas", "integer", ".spec.replicas"), new("Ready", "integer", ".status.readyReplicas"), new("Up-to-date", "integer", ".status.updatedReplicas"), new("Available", "integer", ".status.availableReplicas"), Age],
        },
        new("apps", "v1", "replicasets", "ReplicaSet") { ShortNames = ["rs"], Categories = ["all"], Scale = new ScaleSubresource(".spec.replicas", ".status.replicas", ".spec.selector") },
        new("apps", "v1", "statefulsets", "StatefulSet") { ShortNames = ["sts"], Categories = ["all"], Scale = new ScaleSubresource(".spec.replicas", ".status.replicas", ".spec.selector") },
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler") { ShortNames = ["hpa"], Categories = ["all"], PrinterColumns = [new("Reference", "string", ".spec.scaleTargetRef.name"), new("MinPods", "integer", ".spec.minReplicas"), new("MaxPods", "integer", ".spec.maxReplicas"), new("Replicas", "integer", ".status.currentReplicas"), Age] },
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget") { ShortNames = ["pdb"], PrinterColumns = [new("Min Available", "string", ".spec.minAvailable"), new("Max Unavailable", "string", ".spec.maxUnavailable"), Age] },
        new("coordination.k8s.io", "v1", "leases", "Lease", HasStatus: false) { PrinterColumns = [new("Holder", "string", ".spec.holderIdentity"), Age] },
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", HasStatus: false) { ShortNames = ["netpol"] },
        new(CustomResourceDefinitions.Group, "v1", CustomResourceDefinitions.Plural, "CustomResourceDefinition", Namespaced: false) { ShortNames = ["crd", "crds"], PrinterColumns = [new("Created At", "string", ".metadata.creationTimestamp")] },
        new(ApiGroup.Group, ApiGroup.Version, ApiGroup.ChannelPlural, ApiGroup.ChannelKind),
        new(ApiGroup.Group, ApiGroup.Version, ApiGroup.TemplatePlural, ApiGroup.TemplateKind),
        new(ApiGroup.Group, ApiGroup.Version, ApiGroup.ProviderPlural, ApiGroup.ProviderKind),
    ];
}
