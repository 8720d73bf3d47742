using System.ComponentModel;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>What the operator last observed of a Channel's JetStream stream.</summary>
[Description("Observed state of the Channel's JetStream stream.")]
public sealed class StreamState
{
    [JsonPropertyName("name")]
    [Description("Stream name.")]
    public string? Name { get; set; }

    [JsonPropertyName("messages")]
    [Description("Messages in the stream.")]
    public long? Messages { get; set; }

    [JsonPropertyName("bytes")]
    [Description("Bytes in the stream.")]
    public long? Bytes { get; set; }

    [JsonPropertyName("consumerPending")]
    [Description("Messages the dispatcher consumer has not yet received.")]
    public long? ConsumerPending { get; set; }

    [JsonPropertyName("consumerAckPending")]
    [Description("Messages delivered to dispatchers and not yet acknowledged.")]
    public long? ConsumerAckPending { get; set; }
}
