using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace K8sNotify.Dispatcher.Recipients.Unsubscribe;

/// <summary>
/// The signed token of a one-click unsubscribe link: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>,
/// the payload being version, namespace, Channel, category, recipient and expiry (Unix seconds) joined by newlines.
/// </summary>
public static class UnsubscribeToken
{
    public const string Version = "u1";

    /// <summary>Keys shorter than this are refused (HMAC-SHA256 wants at least its output size).</summary>
    public const int MinKeyBytes = 32;

    public const int MaxTokenLength = 2048;

    public static string Create(UnsubscribeClaims claims, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = Encoding.UTF8.GetBytes(string.Join('\n',
            Version, claims.Namespace, claims.Channel, claims.Category ?? "", claims.Recipient,
            claims.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }

    /// <summary>Reads the claims without checking the signature (to find the Channel whose key verifies it); null when malformed.</summary>
    public static UnsubscribeClaims? ReadUnverified(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.Split('.') is not [var payloadPart, var signaturePart] || signaturePart.Length == 0)
        {
            return null;
        }

        try
        {
            var fields = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payloadPart)).Split('\n');
            if (fields is not [Version, var ns, var channel, var category, var recipient, var expiry]
                || ns.Length == 0 || channel.Length == 0 || recipient.Length == 0
                || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return null;
            }

            return new UnsubscribeClaims(ns, channel, category.Length == 0 ? null : category, recipient, DateTimeOffset.FromUnixTimeSeconds(seconds));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True when the token is signed by <paramref name="key"/> (compared in constant time) and has not expired.</summary>
    public static bool Verify(string token, ReadOnlySpan<byte> key, DateTimeOffset now, out UnsubscribeClaims? claims)
    {
        claims = ReadUnverified(token);
        if (claims is null)
        {
            return false;
        }

        var parts = token.Split('.');
        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[0]);
            signature = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(key, payload);
        return CryptographicOperations.FixedTimeEquals(expected, signature) && now < claims.ExpiresAt;
    }
}
