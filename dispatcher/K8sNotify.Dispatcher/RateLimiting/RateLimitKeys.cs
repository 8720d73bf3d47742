using System.Security.Cryptography;
using System.Text;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// Redis key names of the limiter. A Channel's keys share the hash tag <c>{namespace/channel}</c>, so all scopes
/// of one message live in one Redis Cluster slot and one script can decide them. A recipient appears only as a
/// hash, never as the address itself.
/// </summary>
public static class RateLimitKeys
{
    /// <summary>Every key of K8sNotify starts with this.</summary>
    public const string Prefix = "k8snotify:";

    /// <summary>How many bytes of the SHA-256 of a recipient name its key (128 bits: collisions are negligible).</summary>
    public const int RecipientHashBytes = 16;

    /// <summary><c>k8snotify:{ns/channel}:rl:channel</c>.</summary>
    public static string Channel(string @namespace, string channel) =>
        $"{Prefix}{{{@namespace}/{channel}}}:rl:{RateLimitScopes.Channel}";

    /// <summary><c>k8snotify:{ns/channel}:rl:recipient:&lt;hash&gt;</c>.</summary>
    public static string Recipient(string @namespace, string channel, string recipient) =>
        $"{Prefix}{{{@namespace}/{channel}}}:rl:{RateLimitScopes.Recipient}:{HashRecipient(@namespace, channel, recipient)}";

    /// <summary>
    /// <c>k8snotify:{ns/provider:name}:rl:provider</c>: a Provider's quota is the backend account's, so every Channel
    /// that uses the Provider shares it. (Kubernetes names hold no ':', so this tag never equals a Channel's.)
    /// </summary>
    public static string Provider(string @namespace, string provider) =>
        $"{Prefix}{{{@namespace}/provider:{provider}}}:rl:{RateLimitScopes.Provider}";

    /// <summary>
    /// Hex of the first <see cref="RecipientHashBytes"/> bytes of SHA-256 over the Channel and the recipient
    /// (trimmed, lower-cased: <c>Ada@Example.com</c> and <c>ada@example.com</c> are one recipient). The Channel is
    /// mixed in so the same address has unrelated keys in different Channels.
    /// </summary>
    public static string HashRecipient(string @namespace, string channel, string recipient)
    {
        var text = $"{@namespace}/{channel}\n{recipient.Trim().ToLowerInvariant()}";
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..length], hash);
        return Convert.ToHexStringLower(hash[..RecipientHashBytes]);
    }
}
