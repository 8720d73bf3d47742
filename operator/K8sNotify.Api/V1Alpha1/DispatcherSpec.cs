using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How the dispatcher Deployment of a Channel runs and scales.</summary>
[Description("How the Channel's dispatcher Deployment runs and scales.")]
public sealed class DispatcherSpec
{
    [JsonPropertyName("replicas")]
    [Description("Autoscaling range.")]
    public ReplicaRange? Replicas { get; set; }

    [JsonPropertyName("targetPendingPerReplica")]
    [Range(1, 10_000_000)]
    [DefaultValue(1000)]
    [Description("Consumer pending messages per replica the autoscaler aims for.")]
    public int TargetPendingPerReplica { get; set; } = 1000;

    [JsonPropertyName("targetCpuUtilization")]
    [Range(1, 100)]
    [DefaultValue(70)]
    [Description("Average CPU utilization (percent of requests) the autoscaler aims for.")]
    public int TargetCpuUtilization { get; set; } = 70;

    [JsonPropertyName("concurrency")]
    [Range(1, 4096)]
    [DefaultValue(64)]
    [Description("Messages one replica processes at the same time.")]
    public int Concurrency { get; set; } = 64;

    [JsonPropertyName("resources")]
    [Description("CPU and memory requests and limits of a dispatcher container.")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("image")]
    [MaxLength(512)]
    [Description("Dispatcher image override; defaults to the operator's configured image.")]
    public string? Image { get; set; }

    [JsonPropertyName("podTemplate")]
    [Description("Pod settings (labels, annotations, scheduling, priority, pull secrets, env, service account) over the operator's defaults.")]
    public DispatcherPodTemplate? PodTemplate { get; set; }

    [JsonPropertyName("networkPolicy")]
    [Description("The dispatchers' NetworkPolicy over the operator's defaults.")]
    public DispatcherNetworkPolicySpec? NetworkPolicy { get; set; }
}
