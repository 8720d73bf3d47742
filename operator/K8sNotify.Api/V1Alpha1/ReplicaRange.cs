using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The autoscaling range of a Channel's dispatchers.</summary>
[Description("Autoscaling range of the dispatcher Deployment.")]
[CelRule("self.min <= self.max", "dispatcher.replicas.min must not exceed dispatcher.replicas.max", FieldPath = ".min")]
public sealed class ReplicaRange
{
    [JsonPropertyName("min")]
    [Range(1, 1000)]
    [DefaultValue(1)]
    [Description("Minimum replicas.")]
    public int Min { get; set; } = 1;

    [JsonPropertyName("max")]
    [Range(1, 1000)]
    [DefaultValue(5)]
    [Description("Maximum replicas.")]
    public int Max { get; set; } = 5;
}
