using System.Net;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Fcm;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Receipts;
using K8sNotify.Dispatcher.Tests.Support;

namespace K8sNotify.Dispatcher.Tests.Providers.Twilio;

public sealed class TwilioInboundEndpointsTests(ReceiptsFixture fixture) : IClassFixture<ReceiptsFixture>
{
    private static readonly string InboundUrl = ReceiptsFixture.PublicBaseUrl + TwilioInboundEndpoints.Route;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stop_NextSmsSuppressed_StartSendsAgain()
    {
        var harness = fixture.Harness;

        using (var stop = await PostInboundAsync("STOP", sign: true))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            Assert.Contains("<Response>", await stop.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        var before = fixture.Twilio.Requests.Count;
        await harness.PublishAsync(DispatcherHarness.Message("sms-stopped-1", to: ReceiptsFixture.Recipient));
        await harness.WaitForStateAsync("sms-stopped-1", NotificationState.Suppressed);
        Assert.Equal(SuppressionReasons.OptedOut, (await harness.StatusAsync("sms-stopped-1"))!.Suppression);
        Assert.Equal(before, fixture.Twilio.Requests.Count);

        using (var start = await PostInboundAsync("start", sign: true))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        await harness.PublishAsync(DispatcherHarness.Message("sms-started-1", to: ReceiptsFixture.Recipient));
        await harness.WaitForStateAsync("sms-started-1", NotificationState.Sent);
        Assert.Equal(before + 1, fixture.Twilio.Requests.Count);
    }

    [Fact]
    public async Task Stop_WithoutAValidSignature_ForbiddenAndNothingChanges()
    {
        using (var unsigned = await PostInboundAsync("STOP", sign: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        }

        await fixture.Harness.PublishAsync(DispatcherHarness.Message("sms-unsigned-1", to: ReceiptsFixture.Recipient));
        await fixture.Harness.WaitForStateAsync("sms-unsigned-1", NotificationState.Sent);
    }

    [Theory]
    [InlineData(21610, RecipientFault.OptedOut)]
    [InlineData(21614, RecipientFault.Gone)]
    [InlineData(21211, RecipientFault.None)]
    public void TwilioClassify_DeadOrOptedOutNumbers_SayWhatTheyMeanForTheRecipient(int code, RecipientFault expected)
    {
        var result = TwilioErrors.Classify(code, 400, null);

        Assert.Equal(DeliveryStatus.Permanent, result.Status);
        Assert.Equal(expected, result.RecipientFault);
    }

    [Fact]
    public void FcmClassify_Unregistered_TokenGone()
    {
        const string Body = """{"error":{"code":404,"status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}""";

        Assert.Equal(RecipientFault.Gone, FcmErrors.Classify(404, Body, null).Result.RecipientFault);
    }

    private async Task<HttpResponseMessage> PostInboundAsync(string body, bool sign)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = ReceiptsFixture.AccountSid,
            ["Body"] = body,
            ["From"] = ReceiptsFixture.Recipient,
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["NumMedia"] = "0",
            ["To"] = "+15005550006",
        };
        using var client = fixture.Client(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, TwilioInboundEndpoints.Route) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, sign ? TwilioSignature.Compute(ReceiptsFixture.AuthToken, InboundUrl, form) : "bm90LWEtc2lnbmF0dXJl");
        return await client.SendAsync(request, Cancel);
    }
}
