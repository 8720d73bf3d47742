using System.Security.Cryptography;
using System.Text;

namespace K8sNotify.Dispatcher.DeadLetters;

/// <summary>
/// Turns text that came from a message (ids, reasons quoting input) into NATS header values that can always be written:
/// printable ASCII only, anything else percent-encoded as UTF-8, and bounded in length.
/// </summary>
public static class HeaderValues
{
    /// <summary>Longest token (see <see cref="Token"/>) used as it is; longer ones are replaced by a hash.</summary>
    public const int MaxTokenLength = 128;

    /// <summary>A header value for free text: printable ASCII and spaces are kept, everything else is percent-encoded; cut at <paramref name="maxLength"/>.</summary>
    public static string Text(string value, int maxLength) => Encode(value, maxLength, allowSpace: true);

    /// <summary>
    /// A header-safe token that stands for <paramref name="value"/> one to one (for Nats-Msg-Id): percent-encoded when it
    /// has to be, and a SHA-256 digest when the encoded form is longer than <see cref="MaxTokenLength"/>.
    /// </summary>
    public static string Token(string value)
    {
        var encoded = Encode(value, int.MaxValue, allowSpace: false);
        return encoded.Length <= MaxTokenLength
            ? encoded
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    private static string Encode(string value, int maxLength, bool allowSpace)
    {
        var sb = new StringBuilder(Math.Min(value.Length, maxLength));
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string piece;
            if (IsKept(c, allowSpace))
            {
                piece = c.ToString();
            }
            else
            {
                // A surrogate pair is one code point; a lone surrogate becomes U+FFFD's bytes rather than breaking the encoder.
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                    ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString(), utf8);
                piece = string.Concat(utf8[..length].ToArray().Select(b => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (sb.Length + piece.Length > maxLength)
            {
                break;
            }

            sb.Append(piece);
        }

        return sb.ToString();
    }

    private static bool IsKept(char c, bool allowSpace) => c is > ' ' and < '\u007f' and not '%' || (allowSpace && c == ' ');
}
