using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The kstatus-compatible status every kind reports: conditions and the generation they describe.</summary>
public abstract class ResourceStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready, Reconciling and Stalled conditions.")]
    public IList<V1Condition>? Conditions { get; set; }
}
