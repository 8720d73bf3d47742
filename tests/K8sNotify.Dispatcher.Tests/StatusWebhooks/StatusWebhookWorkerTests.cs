using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.StatusWebhooks;
using K8sNotify.Dispatcher.Tests.Support;

namespace K8sNotify.Dispatcher.Tests.StatusWebhooks;

public sealed class StatusWebhookWorkerTests(StatusWebhookFixture fixture) : IClassFixture<StatusWebhookFixture>
{
    private bool Delivered(string id, string state) => fixture.For(id).Any(e => e.State == state && e.Answer == 200);

    [Fact]
    public async Task Deliver_Transitions_SignedWithEventIdAndInOrderPerNotification()
    {
        // Half of the notifications have their first event refused once, so their later events must wait for the retry.
        var ids = Enumerable.Range(0, 8).Select(i => $"hook-order-{i}").ToList();
        foreach (var id in ids.Where((_, i) => i % 2 == 0))
        {
            fixture.Script[id] = n => n == 1 ? 500 : 200;
        }

        foreach (var id in ids)
        {
            await fixture.Harness.PublishAsync(DispatcherHarness.Message(id));
        }

        await fixture.UntilAsync(() => ids.All(id => Delivered(id, "sent")), "every notification's sent event delivered");

        foreach (var id in ids)
        {
            var events = fixture.For(id);
            Assert.All(events, e => Assert.True(e.SignatureValid, $"signature of {e.EventId}"));
            Assert.All(events, e => Assert.Equal(e.EventId, e.EventIdHeader));
            Assert.All(events, e => Assert.Equal(e.EventId, e.IdempotencyKey));
            var accepted = events.Where(e => e.Answer == 200).ToList();
            Assert.Equal(["sending", "sent"], accepted.Select(e => e.State));
            Assert.True(accepted[0].Revision < accepted[1].Revision);

            // Nothing about the later transition reached the receiver before the earlier one was accepted.
            var firstSent = events.ToList().FindIndex(e => e.State == "sent");
            var lastSending = events.ToList().FindLastIndex(e => e.State == "sending");
            Assert.True(lastSending < firstSent, $"{id}: {string.Join(",", events.Select(e => e.State + ":" + e.Answer))}");
        }
    }

    [Fact]
    public async Task Deliver_ReceiverFailsThenSucceeds_RetriedAndDeliveredOnce()
    {
        fixture.Script["hook-retry"] = n => n == 1 ? 500 : 200;
        var before = fixture.FailedAttempts;

        await fixture.Harness.PublishAsync(DispatcherHarness.Message("hook-retry"));
        await fixture.UntilAsync(() => Delivered("hook-retry", "sent"), "hook-retry sent event delivered");

        var events = fixture.For("hook-retry");
        var sending = events.Where(e => e.State == "sending").ToList();
        Assert.Equal([500, 200], sending.Select(e => e.Answer));
        Assert.Equal(sending[0].EventId, sending[1].EventId);
        Assert.Single(events, e => e.State == "sent");
        Assert.Equal(2, events.Count(e => e.Answer == 200));
        Assert.True(fixture.FailedAttempts >= before + 1);
    }

    [Fact]
    public async Task Deliver_ReceiverAlwaysFails_DeadLettersEachEventWithReasonAndMovesOn()
    {
        fixture.Script["hook-dead"] = _ => 503;

        await fixture.Harness.PublishAsync(DispatcherHarness.Message("hook-dead"));
        await fixture.UntilAsync(
            async () => (await fixture.DeadLettersAsync()).Count(d => d.Headers[StatusWebhookNames.NotificationIdHeader] == "hook-dead") == 2,
            "both events of hook-dead dead-lettered");

        var deadLetters = (await fixture.DeadLettersAsync()).Where(d => d.Headers[StatusWebhookNames.NotificationIdHeader] == "hook-dead").ToList();
        Assert.All(deadLetters, d => Assert.Contains($"gave up after {StatusWebhookFixture.MaxAttempts} attempts: HTTP 503", d.Headers[NatsNames.DeadLetterReasonHeader].ToString(), StringComparison.Ordinal));
        Assert.Contains("\"state\":\"sending\"", deadLetters[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"sent\"", deadLetters[1].Payload, StringComparison.Ordinal);
        var events = fixture.For("hook-dead");
        Assert.Equal(2 * StatusWebhookFixture.MaxAttempts, events.Count);
        Assert.All(events, e => Assert.Equal(503, e.Answer));

        // The partition is not stuck: a later notification on it is still delivered.
        var partitionOfDead = StatusWebhookNames.Partition("hook-dead", 4);
        var next = Enumerable.Range(0, 100).Select(i => $"hook-after-{i}").First(id => StatusWebhookNames.Partition(id, 4) == partitionOfDead);
        await fixture.Harness.PublishAsync(DispatcherHarness.Message(next));
        await fixture.UntilAsync(() => Delivered(next, "sent"), $"{next} delivered after the dead letter");
    }

    [Fact]
    public async Task Deliver_DeliveryReceipt_DeliveredEventFollowsSent()
    {
        await fixture.Harness.PublishAsync(DispatcherHarness.Message("hook-receipt"));
        await fixture.UntilAsync(() => Delivered("hook-receipt", "sent"), "hook-receipt sent event delivered");
        using var client = fixture.ApiClient();

        using var response = await client.PostAsync(
            "/v1/receipts", new StringContent("""{"id":"hook-receipt","status":"delivered"}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await fixture.UntilAsync(() => Delivered("hook-receipt", "delivered"), "hook-receipt delivered event delivered");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["sending", "sent", "delivered"], fixture.For("hook-receipt").Select(e => e.State));
    }
}
