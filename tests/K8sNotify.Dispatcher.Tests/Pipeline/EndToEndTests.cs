using System.Text.Json;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Providers.Outbox;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

public sealed class EndToEndTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task Outbox_PublishedMessage_IsRenderedWrittenAndRecordedSent()
    {
        var dir = DispatcherHarness.NewDirectory();
        var outbox = Path.Combine(dir, "outbox");
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("files", outbox)] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, Path.Combine(dir, "manifests"));

        await harness.PublishAsync(DispatcherHarness.Message("order-1"));

        await harness.WaitForStateAsync("order-1", NotificationState.Sent);
        var file = Path.Combine(outbox, OutboxProvider.FileName("order-1"));
        Assert.True(File.Exists(file), file);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal("Welcome, Ada", doc.RootElement.GetProperty("subject").GetString());
        Assert.Equal("Hello Ada, order 42.", doc.RootElement.GetProperty("text").GetString());
        Assert.Equal("ada@example.com", doc.RootElement.GetProperty("recipient").GetString());
        var status = await harness.StatusAsync("order-1");
        Assert.Equal("files", status!.Provider);
        Assert.Equal(1, status.Attempts);
        Assert.NotNull(status.SentAt);
        Assert.Equal(1, harness.Metrics.Outcomes("default", channel.Name, "files", Outcomes.Sent));
    }

    [Fact]
    public async Task Smtp_PublishedMessage_ArrivesAsMultipartMimeWithProperHeaders()
    {
        await using var sink = await SmtpSink.StartAsync();
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Smtp("relay", sink.Port)] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, dir);

        // CR/LF in data must not become extra headers.
        await harness.PublishAsync(DispatcherHarness.Message("mail-1", data: """{"name":"Ada\r\nBcc: evil@example.com"}"""));

        await harness.WaitForStateAsync("mail-1", NotificationState.Sent);
        var mail = Assert.Single(sink.Received);
        Assert.Equal("noreply@shop.example", mail.EnvelopeFrom);
        Assert.Equal(["ada@example.com"], mail.EnvelopeTo);
        Assert.Equal("\"Shop\" <noreply@shop.example>", mail.Message.From.ToString());
        Assert.Equal("ada@example.com", mail.Message.To.ToString());
        Assert.Equal("Welcome, Ada Bcc: evil@example.com", mail.Message.Subject);
        Assert.Empty(mail.Message.Bcc);
        var headerBlock = mail.RawText[..mail.RawText.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("\nBcc:", headerBlock, StringComparison.OrdinalIgnoreCase);
        Assert.Single(mail.Message.Headers, h => h.Field == "Subject");
        Assert.False(string.IsNullOrEmpty(mail.Message.MessageId));
        Assert.EndsWith("@shop.example", mail.Message.MessageId, StringComparison.Ordinal);
        Assert.Equal("multipart/alternative", mail.Message.Body!.ContentType.MimeType);
        Assert.Contains("Hello Ada", mail.Message.TextBody!, StringComparison.Ordinal);
        Assert.Contains("<b>Ada\r\nBcc: evil@example.com</b>", mail.Message.HtmlBody!.Replace("&#xD;&#xA;", "\r\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var status = await harness.StatusAsync("mail-1");
        Assert.Equal(mail.Message.MessageId, status!.ProviderMessageId);
    }

    [Fact]
    public async Task Smtp_StartTlsWithLogin_AuthenticatesFromSecretManifest()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = "starttls", RequiredLogin = ("mailer", "s3cret") });
        var dir = DispatcherHarness.NewDirectory();
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Smtp("relay", sink.Port, tls: "starttls", secret: "smtp-creds")],
            ExtraYaml = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: smtp-creds
                data:
                  username: bWFpbGVy
                stringData:
                  password: s3cret
                """,
        };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            dir,
            services => services.Configure<Dispatcher.Providers.Smtp.SmtpTransportOptions>(o => o.ServerCertificateValidation = (_, cert, _, _) => sink.TrustsCertificate(cert)));

        await harness.PublishAsync(DispatcherHarness.Message("tls-1"));

        await harness.WaitForStateAsync("tls-1", NotificationState.Sent);
        var mail = Assert.Single(sink.Received);
        Assert.Equal("mailer", mail.AuthenticatedUser);
    }

    [Fact]
    public async Task Smtp_ImplicitTls_Delivers()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = "implicit" });
        var channel = new ChannelManifests { Providers = [ChannelManifests.Smtp("relay", sink.Port, tls: "implicit")] };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            DispatcherHarness.NewDirectory(),
            services => services.Configure<Dispatcher.Providers.Smtp.SmtpTransportOptions>(o => o.ServerCertificateValidation = (_, cert, _, _) => sink.TrustsCertificate(cert)));

        await harness.PublishAsync(DispatcherHarness.Message("tls-2"));

        await harness.WaitForStateAsync("tls-2", NotificationState.Sent);
        Assert.Single(sink.Received);
    }

    [Fact]
    public async Task Smtp_PermanentRejection_FailsWithoutRetryAndDeadLetters()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { RejectWithCode = 550 });
        var channel = new ChannelManifests { Providers = [ChannelManifests.Smtp("relay", sink.Port)] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory());

        await harness.PublishAsync(DispatcherHarness.Message("rejected-1"));

        await harness.WaitForStateAsync("rejected-1", NotificationState.Failed);
        var status = await harness.StatusAsync("rejected-1");
        Assert.Equal(1, status!.Attempts);
        Assert.Contains("550", status.Reason, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await harness.DeadLettersAsync()).Count == 1, "dead letter", cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Locale_FallsBackFromRegionToLanguageToDefault()
    {
        var provider = new ScriptedProvider();
        var channel = new ChannelManifests { Providers = [ChannelManifests.Outbox("p", "/unused")] };
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));

        await harness.PublishAsync(DispatcherHarness.Message("loc-de-at", locale: "de-AT"));
        await harness.PublishAsync(DispatcherHarness.Message("loc-pt-br", locale: "pt_br"));
        await harness.PublishAsync(DispatcherHarness.Message("loc-fr", locale: "fr"));
        await harness.PublishAsync(DispatcherHarness.Message("loc-none"));

        await Poll.UntilAsync(() => provider.Accepted.Count == 4, "4 sent", cancellationToken: TestContext.Current.CancellationToken);
        var byId = provider.Accepted.ToDictionary(n => n.NotificationId);
        Assert.Equal(("de", "Willkommen, Ada"), (byId["loc-de-at"].Locale, byId["loc-de-at"].Subject));
        Assert.Equal(("pt-BR", "Bem-vindo, Ada"), (byId["loc-pt-br"].Locale, byId["loc-pt-br"].Subject));
        Assert.Equal(("en", "Welcome, Ada"), (byId["loc-fr"].Locale, byId["loc-fr"].Subject));
        Assert.Equal("en", byId["loc-none"].Locale);
    }
}
