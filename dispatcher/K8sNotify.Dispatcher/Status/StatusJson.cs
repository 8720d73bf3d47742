using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Status;

/// <summary>The JSON form of status records, shared by the KV bucket, the status events and the CLI.</summary>
public static class StatusJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(StatusRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

    public static StatusRecord? Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<StatusRecord>(json, Options);
}
