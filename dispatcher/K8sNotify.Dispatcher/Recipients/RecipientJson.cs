using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>The JSON form of preferences and suppression entries, in KV and on the API.</summary>
public static class RecipientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>The value, or null when the bytes are not a valid document (a corrupt entry counts as absent).</summary>
    public static T? TryDeserialize<T>(byte[] json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
