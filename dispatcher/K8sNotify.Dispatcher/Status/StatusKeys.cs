using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace K8sNotify.Dispatcher.Status;

/// <summary>
/// Maps notification ids to KV keys. Ids made of KV-legal characters are used as they are; anything else
/// (spaces, colons of bulk ids, unicode) becomes <c>b64.</c> + base64url, a prefix no plain id may start with.
/// </summary>
public static partial class StatusKeys
{
    public const string EncodedPrefix = "b64.";

    public static string For(string notificationId)
    {
        if (Legal().IsMatch(notificationId) && !notificationId.StartsWith(EncodedPrefix, StringComparison.Ordinal))
        {
            return notificationId;
        }

        return EncodedPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(notificationId));
    }

    /// <summary>The notification id a key stands for.</summary>
    public static string IdOf(string key) =>
        key.StartsWith(EncodedPrefix, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(key.AsSpan(EncodedPrefix.Length)))
            : key;

    // KV keys: letters, digits, - _ = / and dots between tokens (no leading, trailing or double dot).
    [GeneratedRegex(@"^[A-Za-z0-9_=/\-]+(\.[A-Za-z0-9_=/\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Legal();
}
