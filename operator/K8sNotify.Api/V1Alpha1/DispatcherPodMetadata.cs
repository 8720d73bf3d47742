using System.ComponentModel;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Extra labels and annotations of dispatcher pods.</summary>
[Description("Extra labels and annotations of the dispatcher pods.")]
public sealed class DispatcherPodMetadata
{
    [JsonPropertyName("labels")]
    [Description("Extra pod labels.")]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    [Description("Extra pod annotations.")]
    public Dictionary<string, string>? Annotations { get; set; }
}
