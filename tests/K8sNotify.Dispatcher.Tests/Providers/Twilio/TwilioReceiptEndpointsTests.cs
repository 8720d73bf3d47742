using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Receipts;

namespace K8sNotify.Dispatcher.Tests.Providers.Twilio;

public sealed class TwilioReceiptEndpointsTests(ReceiptsFixture fixture) : IClassFixture<ReceiptsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Twilio_ValidSignatureDelivered_MovesRecordToDeliveredOnceAndRepeatsAreHarmless()
    {
        var (callback, sid) = await fixture.SendAsync("rcpt-tw-ok");
        Assert.Equal(ReceiptsFixture.PublicCallback + "?k8snotify_id=rcpt-tw-ok", callback);
        var form = ReceiptsFixture.CallbackForm(sid, "delivered");
        var signature = TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form);

        using var first = await fixture.PostCallbackAsync(callback, form, signature, Ct);
        var afterFirst = await fixture.Harness.StatusAsync("rcpt-tw-ok");
        using var repeat = await fixture.PostCallbackAsync(callback, form, signature, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("applied", (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("result").GetString());
        Assert.Equal(NotificationState.Delivered, afterFirst!.State);
        Assert.Equal(sid, afterFirst.ProviderMessageId);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("duplicate", (await repeat.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("result").GetString());
        Assert.Equal(afterFirst, await fixture.Harness.StatusAsync("rcpt-tw-ok"));
    }

    [Fact]
    public async Task Twilio_ForgedSignature_Returns403AndChangesNothing()
    {
        var (callback, sid) = await fixture.SendAsync("rcpt-tw-forged");
        var form = ReceiptsFixture.CallbackForm(sid, "delivered");
        var before = await fixture.Harness.StatusAsync("rcpt-tw-forged");
        var wrongToken = TwilioSignature.Compute("not-the-auth-token", callback, form);
        var signedForOtherStatus = TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, ReceiptsFixture.CallbackForm(sid, "sent"));
        var signedForOtherUrl = TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback.Replace("rcpt-tw-forged", "rcpt-other", StringComparison.Ordinal), form);

        using var wrong = await fixture.PostCallbackAsync(callback, form, wrongToken, Ct);
        using var tampered = await fixture.PostCallbackAsync(callback, form, signedForOtherStatus, Ct);
        using var otherUrl = await fixture.PostCallbackAsync(callback, form, signedForOtherUrl, Ct);
        using var missing = await fixture.PostCallbackAsync(callback, form, signature: null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(before, await fixture.Harness.StatusAsync("rcpt-tw-forged"));
        Assert.Equal(NotificationState.Sent, before!.State);
    }

    [Theory]
    [InlineData("undelivered", "30003")]
    [InlineData("failed", "30008")]
    public async Task Twilio_UndeliveredOrFailed_RecordsUndeliveredWithErrorCode(string status, string errorCode)
    {
        var id = "rcpt-tw-" + status;
        var (callback, sid) = await fixture.SendAsync(id);
        var form = ReceiptsFixture.CallbackForm(sid, status, errorCode);

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await fixture.Harness.StatusAsync(id);
        Assert.Equal(NotificationState.Undelivered, record!.State);
        Assert.Contains($"ErrorCode {errorCode}", record.Reason, StringComparison.Ordinal);
        Assert.Contains(status, record.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("sent")]
    public async Task Twilio_IntermediateStatus_IsIgnored(string status)
    {
        var id = "rcpt-tw-mid-" + status;
        var (callback, sid) = await fixture.SendAsync(id);
        var before = await fixture.Harness.StatusAsync(id);
        var form = ReceiptsFixture.CallbackForm(sid, status);

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("result").GetString());
        Assert.Equal(before, await fixture.Harness.StatusAsync(id));
    }

    [Fact]
    public async Task Twilio_UnknownNotification_Returns200Ignored()
    {
        var callback = ReceiptsFixture.PublicCallback + "?k8snotify_id=rcpt-never-sent";
        var form = ReceiptsFixture.CallbackForm("SM" + new string('f', 32), "delivered");

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("result").GetString());
        Assert.Null(await fixture.Harness.StatusAsync("rcpt-never-sent"));
    }

    [Fact]
    public async Task Twilio_CallbackUrlWithoutIdParameter_MatchedByMessageSid()
    {
        var (_, sid) = await fixture.SendAsync("rcpt-tw-by-sid");
        var callback = ReceiptsFixture.PublicCallback;
        var form = ReceiptsFixture.CallbackForm(sid, "delivered");

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("applied", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("result").GetString());
        Assert.Equal(NotificationState.Delivered, (await fixture.Harness.StatusAsync("rcpt-tw-by-sid"))!.State);
    }

    [Fact]
    public async Task Twilio_SignedForPublicBaseUrl_IsAccepted()
    {
        var (callback, sid) = await fixture.SendAsync("rcpt-tw-public");
        var podPathAndQuery = new Uri(callback).PathAndQuery;
        var signedUrl = ReceiptsFixture.PublicBaseUrl + podPathAndQuery;
        var form = ReceiptsFixture.CallbackForm(sid, "delivered");

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, signedUrl, form), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NotificationState.Delivered, (await fixture.Harness.StatusAsync("rcpt-tw-public"))!.State);
    }

    [Fact]
    public async Task Twilio_OversizedForm_Returns413()
    {
        var callback = ReceiptsFixture.PublicCallback + "?k8snotify_id=rcpt-big";
        var form = ReceiptsFixture.CallbackForm("SM" + new string('a', 32), "delivered");
        form["Body"] = new string('x', TwilioForm.MaxBodyBytes);

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
