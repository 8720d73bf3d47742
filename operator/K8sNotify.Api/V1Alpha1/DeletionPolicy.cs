using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>What happens to a Channel's JetStream stream when the Channel is deleted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy
{
    /// <summary>Keep the stream and its messages.</summary>
    [JsonStringEnumMemberName("Retain")] Retain,

    /// <summary>Delete the stream and consumer (a finalizer waits for it).</summary>
    [JsonStringEnumMemberName("Delete")] Delete,
}
