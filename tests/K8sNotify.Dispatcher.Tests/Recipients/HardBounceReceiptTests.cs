using System.Net;
using System.Text;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Recipients.Suppression;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Receipts;
using K8sNotify.Dispatcher.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed class HardBounceReceiptTests(ReceiptsFixture fixture) : IClassFixture<ReceiptsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UndeliveredReceiptMarkedHardBounce_RecipientSuppressed_NextNotSent()
    {
        var harness = fixture.Harness;
        await fixture.SendAsync("bounce-receipt-1");
        using var client = fixture.Client();

        using (var receipt = await client.PostAsync(
            "/v1/receipts",
            new StringContent("""{"id":"bounce-receipt-1","status":"undelivered","reason":"number disconnected","hardBounce":true}""", Encoding.UTF8, "application/json"),
            Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        }

        Assert.Equal(NotificationState.Undelivered, (await harness.StatusAsync("bounce-receipt-1"))!.State);
        var entry = await harness.Services.GetRequiredService<SuppressionStore>().GetAsync("default", harness.Channel.Name, ReceiptsFixture.Recipient, Cancel);
        Assert.NotNull(entry);
        Assert.Contains("number disconnected", entry.Reason, StringComparison.Ordinal);

        var before = fixture.Twilio.Requests.Count;
        await harness.PublishAsync(DispatcherHarness.Message("bounce-receipt-2", to: ReceiptsFixture.Recipient));
        await harness.WaitForStateAsync("bounce-receipt-2", NotificationState.Suppressed);
        Assert.Equal(SuppressionReasons.SuppressedAddress, (await harness.StatusAsync("bounce-receipt-2"))!.Suppression);
        Assert.Equal(before, fixture.Twilio.Requests.Count);
    }
}
