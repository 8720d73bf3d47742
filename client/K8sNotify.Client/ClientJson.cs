using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>The JSON settings of the wire format: camelCase names, nulls left out, unknown fields ignored when reading.</summary>
internal static class ClientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
