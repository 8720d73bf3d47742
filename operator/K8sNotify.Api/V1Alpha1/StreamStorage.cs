using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>JetStream storage backend of a Channel's stream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamStorage>))]
public enum StreamStorage
{
    [JsonStringEnumMemberName("file")] File,
    [JsonStringEnumMemberName("memory")] Memory,
}
