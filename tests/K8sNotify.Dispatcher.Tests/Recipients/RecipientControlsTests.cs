using System.Net;
using System.Text.RegularExpressions;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.Suppression;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed partial class RecipientControlsTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneClickPost_NextMarketingMailSuppressed_TransactionalStillSent()
    {
        var ada = Unique("ada");
        await using var sink = await SmtpSink.StartAsync();
        var channel = RecipientManifests.EmailChannel(ChannelManifests.Smtp("relay", sink.Port));
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.HttpPort}") };

        await harness.PublishAsync(RecipientManifests.Message("news-1", "news", ada));
        await harness.PublishAsync(RecipientManifests.Message("receipt-1", "receipt", ada));
        await harness.WaitForStateAsync("news-1", NotificationState.Sent);
        await harness.WaitForStateAsync("receipt-1", NotificationState.Sent);
        await Poll.UntilAsync(() => sink.Received.Count == 2, "two mails", cancellationToken: Cancel);

        var news = sink.Received.Single(m => m.Message.Subject!.StartsWith("news", StringComparison.Ordinal)).Message;
        var receipt = sink.Received.Single(m => m.Message.Subject!.StartsWith("receipt", StringComparison.Ordinal)).Message;
        Assert.Null(receipt.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", news.Headers["List-Unsubscribe-Post"]);
        var link = LinkPattern().Match(news.Headers["List-Unsubscribe"] ?? "");
        Assert.True(link.Success, news.Headers["List-Unsubscribe"]);
        var path = new Uri(link.Groups[1].Value).AbsolutePath;
        Assert.StartsWith("/v1/unsubscribe/", path, StringComparison.Ordinal);

        // A GET (a mail scanner following the link) shows the page and changes nothing.
        using (var page = await http.GetAsync(path, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        var preferences = harness.Services.GetRequiredService<PreferenceStore>();
        Assert.Null(await preferences.GetAsync("default", ada, Cancel));

        // A token with a tampered signature is refused and changes nothing.
        var forged = path[..^4] + (path[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using (var refused = await http.PostAsync(forged, OneClickBody(), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var wrongBody = await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" }), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongBody.StatusCode);
        }

        Assert.Null(await preferences.GetAsync("default", ada, Cancel));

        using (var unsubscribed = await http.PostAsync(path, OneClickBody(), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        }

        await harness.PublishAsync(RecipientManifests.Message("news-2", "news", ada.ToUpperInvariant()));
        await harness.PublishAsync(RecipientManifests.Message("receipt-2", "receipt", ada));
        await harness.WaitForStateAsync("news-2", NotificationState.Suppressed);
        await harness.WaitForStateAsync("receipt-2", NotificationState.Sent);
        var suppressed = await harness.StatusAsync("news-2");
        Assert.Equal(SuppressionReasons.Category, suppressed!.Suppression);
        Assert.Contains("marketing", suppressed.Reason, StringComparison.Ordinal);
        await Poll.UntilAsync(() => sink.Received.Count == 3, "the second receipt", cancellationToken: Cancel);
        Assert.DoesNotContain(sink.Received, m => m.Message.Subject!.StartsWith("news", StringComparison.Ordinal) && m.Message.MessageId != news.MessageId);
        Assert.Equal(1, harness.Services.GetRequiredService<RecipientMetrics>().Suppressed("default", channel.Name, SuppressionReasons.Category));
        Assert.Equal(1, harness.Metrics.Outcomes("default", channel.Name, "none", Outcomes.Suppressed));
    }

    [Fact]
    public async Task SmtpUserUnknown_RecipientSuppressed_NextNotSent()
    {
        var ada = Unique("ada");
        var gone = Unique("gone");
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { UnknownUsers = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { gone } });
        var channel = RecipientManifests.EmailChannel(ChannelManifests.Smtp("relay", sink.Port));
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory());

        await harness.PublishAsync(RecipientManifests.Message("bounce-1", "receipt", gone));
        await harness.WaitForStateAsync("bounce-1", NotificationState.Failed);
        Assert.Contains("5.1.1", (await harness.StatusAsync("bounce-1"))!.Reason, StringComparison.Ordinal);

        var suppressions = harness.Services.GetRequiredService<SuppressionStore>();
        var entry = await suppressions.GetAsync("default", channel.Name, gone.ToUpperInvariant(), Cancel);
        Assert.NotNull(entry);
        Assert.Equal("provider", entry.Source);
        Assert.Contains("5.1.1", entry.Reason, StringComparison.Ordinal);

        // Even a transactional notification is not tried again: the mailbox does not exist.
        await harness.PublishAsync(RecipientManifests.Message("bounce-2", "receipt", gone));
        await harness.WaitForStateAsync("bounce-2", NotificationState.Suppressed);
        Assert.Equal(SuppressionReasons.SuppressedAddress, (await harness.StatusAsync("bounce-2"))!.Suppression);
        Assert.Empty(sink.Received);

        // Another recipient of the same Channel is unaffected.
        await harness.PublishAsync(RecipientManifests.Message("fine-1", "receipt", ada));
        await harness.WaitForStateAsync("fine-1", NotificationState.Sent);
    }

    [Fact]
    public async Task QuietHours_ParkedAcrossARestartUntilTheWindowEnds_OnTheInjectedClock()
    {
        // 23:00 UTC = 00:00 in Berlin: inside 22:00-07:00, which ends at 06:00 UTC.
        var ada = Unique("ada");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero));
        var provider = new ScriptedProvider();
        var channel = RecipientManifests.EmailChannel(ChannelManifests.Outbox("p", "/unused"));
        var directory = DispatcherHarness.NewDirectory();
        Task<DispatcherHarness> StartAsync() => DispatcherHarness.StartAsync(
            nats.Url,
            channel,
            directory,
            s =>
            {
                s.AddSingletonProvider(provider);
                s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
            },
            new Dictionary<string, string?> { ["PIPELINE:MAX_SCHEDULE_HOP"] = "00:00:00.100" });

        var first = await StartAsync();
        await first.Services.GetRequiredService<PreferenceStore>().PutAsync(
            "default",
            ada,
            new RecipientPreferences { Timezone = "Europe/Berlin", QuietHours = new QuietHoursSetting { Start = "22:00", End = "07:00" } },
            Cancel);

        await first.PublishAsync(RecipientManifests.Message("quiet-1", "news", ada));
        await first.PublishAsync(RecipientManifests.Message("urgent-1", "news", ada, priority: "high"));
        await first.PublishAsync(RecipientManifests.Message("mandatory-1", "receipt", ada));

        await first.WaitForStateAsync("urgent-1", NotificationState.Sent);
        await first.WaitForStateAsync("mandatory-1", NotificationState.Sent);
        await first.WaitForStateAsync("quiet-1", NotificationState.Scheduled);
        var parked = await first.StatusAsync("quiet-1");
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero), parked!.NextAttemptAt);
        Assert.Equal(0, provider.CallsFor("quiet-1"));

        // It waits in the park store, not on the work consumer: no ack-pending slot is held through the night.
        var resource = first.ChannelResource;
        await Poll.UntilAsync(
            async () => (await first.Js.GetConsumerAsync(NatsNames.StreamName(resource), NatsNames.ConsumerName, Cancel)).Info is { NumAckPending: 0, NumPending: 0 },
            "work consumer empty while quiet-1 waits",
            cancellationToken: Cancel);
        Assert.Equal(1L, (long)(await first.Js.GetStreamAsync(ChannelJetStream.ParkStreamName(resource), cancellationToken: Cancel)).Info.State.Messages);

        // A dispatcher restart during the night loses nothing.
        await first.DisposeAsync();
        await using var second = await StartAsync();

        time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(59));
        await Task.Yield();
        Assert.Equal(NotificationState.Scheduled, (await second.StatusAsync("quiet-1"))!.State);
        Assert.Equal(0, provider.CallsFor("quiet-1"));

        time.Advance(TimeSpan.FromMinutes(1));
        StatusRecord? released = null;
        try
        {
            await Poll.UntilAsync(async () => (released = await second.StatusAsync("quiet-1"))?.State == NotificationState.Sent, "quiet-1 sent", cancellationToken: Cancel);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"quiet-1 is {released?.State} ({released?.Reason}) after the window ended");
        }

        Assert.Equal(1, provider.CallsFor("quiet-1"));
        Assert.InRange(released!.SentAt!.Value, new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 6, 0, 1, TimeSpan.Zero));
    }

    [Fact]
    public async Task PreferredLocale_UsedWhenTheMessageHasNone()
    {
        var ada = Unique("ada");
        var provider = new ScriptedProvider();
        var channel = RecipientManifests.EmailChannel(ChannelManifests.Outbox("p", "/unused"));
        await using var harness = await DispatcherHarness.StartAsync(nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(provider));
        await harness.Services.GetRequiredService<PreferenceStore>().PutAsync("default", ada, new RecipientPreferences { Locale = "de" }, Cancel);

        await harness.PublishAsync(RecipientManifests.Message("locale-1", "news", ada));
        await harness.PublishAsync($$$"""{"id":"locale-2","template":"news","to":"{{{ada}}}","locale":"en","data":{"name":"Ada"}}""");

        await harness.WaitForStateAsync("locale-1", NotificationState.Sent);
        await harness.WaitForStateAsync("locale-2", NotificationState.Sent);
        Assert.Equal("de", provider.Accepted.Single(n => n.NotificationId == "locale-1").Locale);
        Assert.Equal("en", provider.Accepted.Single(n => n.NotificationId == "locale-2").Locale);
    }

    /// <summary>A recipient of this test only: preferences and suppression lists outlive a dispatcher on the shared server.</summary>
    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static FormUrlEncodedContent OneClickBody() => new(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });

    [GeneratedRegex("^<(https://[^>]+)>$")]
    private static partial Regex LinkPattern();
}
