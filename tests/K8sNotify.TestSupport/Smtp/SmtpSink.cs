using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace K8sNotify.TestSupport.Smtp;

/// <summary>
/// A real in-process SMTP server (SmtpServer package) on a free loopback port that keeps every message it accepts,
/// for end-to-end tests of email delivery. Supports plain, STARTTLS and implicit TLS with a self-signed certificate.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private SmtpSink(SmtpSinkOptions options)
    {
        Port = FreePort.Next();
        Options = options;
        Certificate = CreateCertificate();
        var secure = options.Tls == "implicit";
        var builder = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e =>
            {
                e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port)).IsSecure(secure);
                if (options.Tls != "none")
                {
                    e.Certificate(Certificate);
                }

                if (options.RequiredLogin is not null)
                {
                    e.AuthenticationRequired(true).AllowUnsecureAuthentication(true);
                }
            });
        var services = new ServiceProvider();
        services.Add(new Store(this));
        if (options.RequiredLogin is { } login)
        {
            services.Add(new Authenticator(login.User, login.Password));
        }

        _server = new SmtpServer.SmtpServer(builder.Build(), services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public SmtpSinkOptions Options { get; }

    /// <summary>The self-signed certificate the sink presents (tests trust exactly this one).</summary>
    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    public static async Task<SmtpSink> StartAsync(SmtpSinkOptions? options = null)
    {
        var sink = new SmtpSink(options ?? new SmtpSinkOptions());
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    using var client = new System.Net.Sockets.TcpClient();
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, sink.Port).ConfigureAwait(false);
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            },
            $"SMTP sink listening on {sink.Port}",
            TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return sink;
    }

    /// <summary>A certificate validation callback that trusts only this sink's certificate.</summary>
    public bool TrustsCertificate(X509Certificate? certificate) =>
        certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // stopping
        }

        _stop.Dispose();
        Certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Re-import so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink.Options.RejectWithCode is { } code)
            {
                return new SmtpResponse((SmtpReplyCode)code, "rejected by test sink");
            }

            if (transaction.To.Select(Address).FirstOrDefault(sink.Options.UnknownUsers.Contains) is { } unknown)
            {
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 <{unknown}>: user unknown");
            }

            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            context.Properties.TryGetValue("User", out var user);
            sink._received.Enqueue(new ReceivedMail(
                message,
                Address(transaction.From),
                [.. transaction.To.Select(Address)],
                user as string ?? (context.Authentication.IsAuthenticated ? context.Authentication.User : null),
                sink.Options.Tls != "none",
                raw));
            return SmtpResponse.Ok;
        }

        private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";
    }

    private sealed class Authenticator(string user, string password) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user1, string password1, CancellationToken cancellationToken) =>
            Task.FromResult(user1 == user && password1 == password);
    }
}
