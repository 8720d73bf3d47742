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

    // Every status write and read goes through these two: source-generated metadata and serialisation code, with the
    // same settings as Options, so the hot path neither reflects nor allocates converter state.
    public static byte[] Serialize(StatusRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, StatusRecordJsonContext.Default.StatusRecord);

    public static StatusRecord? Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, StatusRecordJsonContext.Default.StatusRecord);
}
