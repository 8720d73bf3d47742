using MimeKit;

namespace K8sNotify.TestSupport.Smtp;

/// <summary>A message an <see cref="SmtpSink"/> accepted: the parsed MIME message, the envelope and the raw bytes.</summary>
public sealed record ReceivedMail(MimeMessage Message, string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string? AuthenticatedUser, bool Secure, byte[] Raw)
{
    public string RawText => System.Text.Encoding.UTF8.GetString(Raw);
}
