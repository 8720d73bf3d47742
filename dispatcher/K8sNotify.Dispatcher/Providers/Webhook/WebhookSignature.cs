using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace K8sNotify.Dispatcher.Providers.Webhook;

/// <summary>The webhook signature: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of <c>"&lt;unix seconds&gt;.&lt;body&gt;"</c> under the shared key.</summary>
public static class WebhookSignature
{
    public const string DefaultHeader = "X-K8sNotify-Signature";
    public const string TimestampHeader = "X-K8sNotify-Timestamp";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string Prefix = "sha256=";

    /// <summary>Computes the signature header value for a timestamp and a body.</summary>
    public static string Compute(ReadOnlySpan<byte> key, long unixSeconds, ReadOnlySpan<byte> body)
    {
        Span<byte> stamp = stackalloc byte[24];
        unixSeconds.TryFormat(stamp, out var written, provider: CultureInfo.InvariantCulture);
        stamp[written++] = (byte)'.';
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(stamp[..written]);
        hmac.AppendData(body);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Verifies a received signature in constant time (what a receiver does; used by tests and examples).</summary>
    public static bool Verify(ReadOnlySpan<byte> key, string timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(key, unixSeconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
