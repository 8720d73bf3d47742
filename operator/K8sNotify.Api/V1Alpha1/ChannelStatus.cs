using System.ComponentModel;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The observed state of a Channel, its dispatchers and its stream.</summary>
[Description("Observed state of the Channel, its dispatchers and its stream.")]
public sealed class ChannelStatus : ResourceStatus
{
    [JsonPropertyName("replicas")]
    [Description("Dispatcher replicas.")]
    public int? Replicas { get; set; }

    [JsonPropertyName("readyReplicas")]
    [Description("Dispatcher replicas that are ready.")]
    public int? ReadyReplicas { get; set; }

    [JsonPropertyName("stream")]
    [Description("The JetStream stream.")]
    public StreamState? Stream { get; set; }

    [JsonPropertyName("configChecksum")]
    [Description("Checksum of the resolved configuration the dispatchers run.")]
    public string? ConfigChecksum { get; set; }
}
