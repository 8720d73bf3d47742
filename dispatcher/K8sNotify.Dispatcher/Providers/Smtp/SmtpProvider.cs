using System.Net.Sockets;

using System.Security.Cryptography;
using System.Text;
using K8sNotify.Api.V1Alpha1;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace K8sNotify.Dispatcher.Providers.Smtp;

/// <summary>Sends email through an SMTP relay with MailKit: STARTTLS, implicit TLS or plain, optional login, multipart text and HTML.</summary>
public sealed class SmtpProvider(
    string name,
    SmtpProviderSpec spec,
    MailboxAddress from,
    MailboxAddress? replyTo,
    SmtpCredentials? credentials,
    TimeSpan timeout,
    SmtpTransportOptions transport,
    TimeProvider time) : INotificationProvider
{
    public const string NotificationIdHeader = "X-K8sNotify-Notification-Id";

    public string Name => name;

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = Build(notification);
        }
        catch (ParseException)
        {
            return DeliveryResult.Permanent("recipient is not an RFC 5322 email address");
        }

        using var client = new SmtpClient { Timeout = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue) };
        if (transport.ServerCertificateValidation is { } validation)
        {
            client.ServerCertificateValidationCallback = validation;
        }

        if (transport.LocalDomain is { } localDomain)
        {
            client.LocalDomain = localDomain;
        }

        try
        {
            await client.ConnectAsync(spec.Host, spec.Port, SocketOptions(spec.Tls), cancellationToken).ConfigureAwait(false);
            if (credentials is not null)
            {
                await client.AuthenticateAsync(credentials.UserName, credentials.Password, cancellationToken).ConfigureAwait(false);
            }

            var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Accepted(message.MessageId ?? response);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;

            // 5xx for one recipient or message is permanent; 4xx (greylisting, mailbox busy, quota) is worth retrying.
            var reason = $"smtp {code} {e.ErrorCode}: {Trim(e.Message)}";
            return code >= 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode
                ? DeliveryResult.Permanent(reason) with { RecipientFault = IsHardBounce(e) ? RecipientFault.Gone : RecipientFault.None }
                : DeliveryResult.Transient(reason);
        }
        catch (MailKit.Security.AuthenticationException e)
        {
            return DeliveryResult.Transient($"smtp authentication or TLS failed: {Trim(e.Message)}");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or SslHandshakeException or ServiceNotConnectedException or ServiceNotAuthenticatedException or TimeoutException)
        {
            return DeliveryResult.Transient($"smtp {spec.Host}:{spec.Port}: {e.GetType().Name}: {Trim(e.Message)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"smtp {spec.Host}:{spec.Port}: timed out after {timeout.TotalSeconds}s");
        }
    }

    /// <summary>Builds the MIME message: text and HTML as multipart/alternative, a Message-ID derived from the notification id.</summary>
    public MimeMessage Build(RenderedNotification notification)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        if (replyTo is not null)
        {
            message.ReplyTo.Add(replyTo);
        }

        message.Subject = notification.Subject ?? "";
        message.Date = time.GetUtcNow();

        // The same notification always gets the same Message-ID, so receivers can drop a duplicate after a crash.
        var domain = string.IsNullOrEmpty(from.Domain) ? "k8snotify.local" : from.Domain;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{notification.Namespace}/{notification.Channel}/{notification.NotificationId}")))[..32];
        message.MessageId = $"{hash}@{domain}";
        message.Headers.Add(NotificationIdHeader, Sanitize(notification.NotificationId));
        foreach (var (header, value) in notification.Headers)
        {
            message.Headers.Add(header, Sanitize(value));
        }

        if (notification.Priority == "high")
        {
            message.Priority = MessagePriority.Urgent;
        }

        var body = new BodyBuilder { TextBody = notification.Text, HtmlBody = notification.Html };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// A 5xx reply whose enhanced status code (RFC 3463) says the mailbox or domain does not exist or is
    /// disabled: 5.1.1 bad mailbox, 5.1.2 bad domain, 5.1.10 null MX, 5.2.1 mailbox disabled. Policy rejections
    /// (5.7.x spam, 5.2.2 full mailbox) are about the message, not a dead address.
    /// </summary>
    public static bool IsHardBounce(SmtpCommandException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = e.Message.TrimStart();
        return text.StartsWith("5.1.1 ", StringComparison.Ordinal) || text.StartsWith("5.1.2 ", StringComparison.Ordinal)
            || text.StartsWith("5.1.10 ", StringComparison.Ordinal) || text.StartsWith("5.2.1 ", StringComparison.Ordinal)
            || text is "5.1.1" or "5.1.2" or "5.1.10" or "5.2.1";
    }

    private static SecureSocketOptions SocketOptions(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    private static string Sanitize(string value) =>
        new([.. value.Where(c => !char.IsControl(c))]);

    private static string Trim(string message) => message.Length <= 300 ? message : message[..300];
}
