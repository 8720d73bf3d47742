using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K8sNotify.Dispatcher.Receipts;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Tests.Receipts;

public sealed class ReceiptEndpointsTests(ReceiptsFixture fixture) : IClassFixture<ReceiptsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

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
    public async Task Generic_Delivered_MovesSentToDeliveredAndRepeatIsDuplicate()
    {
        var (_, sid) = await fixture.SendAsync("rcpt-gen-ok");
        using var client = fixture.Client();
        var body = $$"""{"id":"rcpt-gen-ok","providerMessageId":"{{sid}}","status":"delivered"}""";

        using var first = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json(body), Ct);
        using var repeat = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json(body), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("applied", answer.GetProperty("result").GetString());
        Assert.Equal("delivered", answer.GetProperty("state").GetString());
        Assert.Equal("duplicate", (await repeat.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("result").GetString());
        Assert.Equal(NotificationState.Delivered, (await fixture.Harness.StatusAsync("rcpt-gen-ok"))!.State);
    }

    [Fact]
    public async Task Generic_Undelivered_KeepsReason()
    {
        await fixture.SendAsync("rcpt-gen-undelivered");
        using var client = fixture.Client();

        using var response = await client.PostAsync(
            ReceiptEndpoints.GenericRoute, Json("""{"id":"rcpt-gen-undelivered","status":"undelivered","reason":"handset unreachable"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await fixture.Harness.StatusAsync("rcpt-gen-undelivered");
        Assert.Equal(NotificationState.Undelivered, record!.State);
        Assert.Equal("handset unreachable", record.Reason);
    }

    [Fact]
    public async Task Generic_UnknownId_Returns404()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json("""{"id":"rcpt-gen-unknown","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Generic_OtherProviderMessageId_Returns409AndChangesNothing()
    {
        await fixture.SendAsync("rcpt-gen-mismatch");
        using var client = fixture.Client();

        using var response = await client.PostAsync(
            ReceiptEndpoints.GenericRoute, Json("""{"id":"rcpt-gen-mismatch","providerMessageId":"SMnot-this-one","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(NotificationState.Sent, (await fixture.Harness.StatusAsync("rcpt-gen-mismatch"))!.State);
    }

    [Fact]
    public async Task Generic_NotSentYet_Returns409()
    {
        var sendAt = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        await fixture.Harness.PublishAsync(K8sNotify.Dispatcher.Tests.Support.DispatcherHarness.Message("rcpt-gen-scheduled", to: ReceiptsFixture.Recipient, sendAt: sendAt));
        await fixture.Harness.WaitForStateAsync("rcpt-gen-scheduled", NotificationState.Scheduled);
        using var client = fixture.Client();

        using var response = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json("""{"id":"rcpt-gen-scheduled","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(NotificationState.Scheduled, (await fixture.Harness.StatusAsync("rcpt-gen-scheduled"))!.State);
    }

    [Fact]
    public async Task Generic_InvalidBody_Returns400NamingFields()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json("""{"status":"read"}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
        Assert.True(errors.TryGetProperty("status", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Generic_WithoutValidToken_Returns401(string? token)
    {
        await fixture.SendAsync("rcpt-gen-noauth-" + (token ?? "none"));
        using var client = fixture.Client(token);

        using var response = await client.PostAsync(
            ReceiptEndpoints.GenericRoute, Json($$"""{"id":"rcpt-gen-noauth-{{token ?? "none"}}","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(NotificationState.Sent, (await fixture.Harness.StatusAsync("rcpt-gen-noauth-" + (token ?? "none")))!.State);
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
    public async Task Generic_ProviderMessageIdOnly_FindsNotificationThroughIndex()
    {
        var (_, sid) = await fixture.SendAsync("rcpt-gen-by-pmid");
        using var client = fixture.Client();

        using var response = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json($$"""{"providerMessageId":"{{sid}}","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rcpt-gen-by-pmid", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString());
        Assert.Equal(NotificationState.Delivered, (await fixture.Harness.StatusAsync("rcpt-gen-by-pmid"))!.State);
    }

    [Fact]
    public async Task Generic_UnknownProviderMessageId_Returns404()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync(ReceiptEndpoints.GenericRoute, Json("""{"providerMessageId":"SMnobody","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
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
        form["Body"] = new string('x', ReceiptEndpoints.MaxBodyBytes);

        using var response = await fixture.PostCallbackAsync(callback, form, TwilioSignature.Compute(ReceiptsFixture.AuthToken, callback, form), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
