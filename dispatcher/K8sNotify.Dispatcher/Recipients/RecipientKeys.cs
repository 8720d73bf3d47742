using System.Security.Cryptography;
using System.Text;
using K8sNotify.Dispatcher.RateLimiting;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>
/// KV keys of recipient data. A recipient appears only as a hash, made like the rate limiter's
/// (<see cref="RateLimitKeys.HashRecipient"/>: SHA-256 of the scope and the trimmed, lower-cased recipient, first 16 bytes, hex).
/// </summary>
public static class RecipientKeys
{
    /// <summary>Preferences belong to a namespace: <c>&lt;namespace&gt;.&lt;hash&gt;</c>.</summary>
    public static string Preferences(string @namespace, string recipient) => $"{@namespace}.{HashInNamespace(@namespace, recipient)}";

    /// <summary>Suppression entries belong to a Channel: <c>&lt;namespace&gt;.&lt;channel&gt;.&lt;hash&gt;</c> (the rate limiter's per-Channel hash).</summary>
    public static string Suppression(string @namespace, string channel, string recipient) =>
        $"{@namespace}.{channel}.{RateLimitKeys.HashRecipient(@namespace, channel, recipient)}";

    /// <summary>The prefix of every suppression key of a Channel.</summary>
    public static string SuppressionPrefix(string @namespace, string channel) => $"{@namespace}.{channel}.";

    /// <summary>The recipient as it is compared: trimmed and lower-cased.</summary>
    public static string Normalize(string recipient) => recipient.Trim().ToLowerInvariant();

    private static string HashInNamespace(string @namespace, string recipient)
    {
        var bytes = Encoding.UTF8.GetBytes($"{@namespace}\n{Normalize(recipient)}");
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, RateLimitKeys.RecipientHashBytes));
    }
}
