using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sNotify.Dispatcher.Digests;

/// <summary>Which digest a notification joins: a hash of its Channel, recipient and key value (pure).</summary>
public static class DigestGroups
{
    /// <summary>The group's token (hex, safe as a NATS subject token and a KV key); the recipient itself never appears.</summary>
    public static string Of(string @namespace, string channel, string recipient, string keyValue)
    {
        var text = string.Join('\n', @namespace, channel, recipient.Trim().ToLowerInvariant(), keyValue);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>The value of the digest key (a dotted path into data) as text; empty when there is no key or the field is missing.</summary>
    public static string KeyValue(JsonObject data, string? path)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        JsonNode? node = data;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return "";
            }
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
    }
}
