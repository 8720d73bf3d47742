using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Pod settings of a Channel's dispatchers, over the operator's defaults of the same shape.</summary>
[Description("Pod settings of the dispatchers. Maps (labels, annotations, nodeSelector) and env (by name) merge over the operator's defaults; any other field set here replaces the default.")]
public sealed class DispatcherPodTemplate
{
    [JsonPropertyName("metadata")]
    [Description("Extra labels and annotations of the dispatcher pods; the operator's own labels and annotations win on a conflict.")]
    public DispatcherPodMetadata? Metadata { get; set; }

    [JsonPropertyName("nodeSelector")]
    [Description("Node labels the pods must run on.")]
    public Dictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("tolerations")]
    [MaxLength(64)]
    [Description("Taints the pods tolerate.")]
    public List<V1Toleration>? Tolerations { get; set; }

    [JsonPropertyName("affinity")]
    [Description("Node and pod (anti-)affinity.")]
    public V1Affinity? Affinity { get; set; }

    [JsonPropertyName("topologySpreadConstraints")]
    [MaxLength(16)]
    [Description("How replicas spread over zones or nodes; replaces the default spread over nodes (kubernetes.io/hostname, ScheduleAnyway).")]
    public List<V1TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    [JsonPropertyName("priorityClassName")]
    [RegularExpression(Patterns.ObjectName)]
    [MaxLength(253)]
    [Description("PriorityClass of the pods.")]
    public string? PriorityClassName { get; set; }

    [JsonPropertyName("imagePullSecrets")]
    [MaxLength(16)]
    [Description("Secrets (in the Channel's namespace) to pull the dispatcher image with.")]
    public List<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [JsonPropertyName("env")]
    [MaxLength(64)]
    [Description("Extra environment variables of the dispatcher container. Names starting with K8SNOTIFY_ belong to the operator and are rejected.")]
    public List<V1EnvVar>? Env { get; set; }

    [JsonPropertyName("serviceAccountName")]
    [RegularExpression(Patterns.ObjectName)]
    [MaxLength(253)]
    [Description("ServiceAccount the pods run as (its token is not mounted; dispatchers do not call the Kubernetes API).")]
    public string? ServiceAccountName { get; set; }
}
