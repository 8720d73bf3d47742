using System.Net.Security;

namespace K8sNotify.Dispatcher.Providers.Smtp;

/// <summary>Process-wide SMTP transport settings that are not part of the Provider resource.</summary>
public sealed class SmtpTransportOptions
{
    /// <summary>Certificate check for TLS connections; null uses the system trust store (production). Tests trust their own certificate.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Host name announced in EHLO; null lets MailKit choose.</summary>
    public string? LocalDomain { get; set; }
}
