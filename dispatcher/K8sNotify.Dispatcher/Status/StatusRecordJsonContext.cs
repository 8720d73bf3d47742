using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Status;

/// <summary>Source-generated JSON of <see cref="StatusRecord"/>, with the settings of <see cref="StatusJson.Options"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusRecord))]
internal sealed partial class StatusRecordJsonContext : JsonSerializerContext;
