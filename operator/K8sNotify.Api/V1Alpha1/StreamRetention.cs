using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>JetStream retention policy of a Channel's stream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamRetention>))]
public enum StreamRetention
{
    /// <summary>Each message is removed once acknowledged (one consumer shared by all replicas).</summary>
    [JsonStringEnumMemberName("workqueue")] WorkQueue,

    /// <summary>Messages are kept until the stream's limits remove them.</summary>
    [JsonStringEnumMemberName("limits")] Limits,

    /// <summary>Messages are kept while consumers are interested.</summary>
    [JsonStringEnumMemberName("interest")] Interest,
}
