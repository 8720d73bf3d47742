using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K8sNotify.Dispatcher.Receipts;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Tests.Receipts;

public sealed class GenericReceiptEndpointsTests(ReceiptsFixture fixture) : IClassFixture<ReceiptsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Generic_Delivered_MovesSentToDeliveredAndRepeatIsDuplicate()
    {
        var (_, sid) = await fixture.SendAsync("rcpt-gen-ok");
        using var client = fixture.Client();
        var body = $$"""{"id":"rcpt-gen-ok","providerMessageId":"{{sid}}","status":"delivered"}""";

        using var first = await client.PostAsync(GenericReceiptEndpoints.Route, Json(body), Ct);
        using var repeat = await client.PostAsync(GenericReceiptEndpoints.Route, Json(body), Ct);

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
            GenericReceiptEndpoints.Route, Json("""{"id":"rcpt-gen-undelivered","status":"undelivered","reason":"handset unreachable"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await fixture.Harness.StatusAsync("rcpt-gen-undelivered");
        Assert.Equal(NotificationState.Undelivered, record!.State);
        Assert.Equal("handset unreachable", record.Reason);
    }

    [Fact]
    public async Task Generic_UnknownId_Returns404()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync(GenericReceiptEndpoints.Route, Json("""{"id":"rcpt-gen-unknown","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Generic_OtherProviderMessageId_Returns409AndChangesNothing()
    {
        await fixture.SendAsync("rcpt-gen-mismatch");
        using var client = fixture.Client();

        using var response = await client.PostAsync(
            GenericReceiptEndpoints.Route, Json("""{"id":"rcpt-gen-mismatch","providerMessageId":"SMnot-this-one","status":"delivered"}"""), Ct);

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

        using var response = await client.PostAsync(GenericReceiptEndpoints.Route, Json("""{"id":"rcpt-gen-scheduled","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(NotificationState.Scheduled, (await fixture.Harness.StatusAsync("rcpt-gen-scheduled"))!.State);
    }

    [Fact]
    public async Task Generic_InvalidBody_Returns400NamingFields()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync(GenericReceiptEndpoints.Route, Json("""{"status":"read"}"""), Ct);

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
            GenericReceiptEndpoints.Route, Json($$"""{"id":"rcpt-gen-noauth-{{token ?? "none"}}","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(NotificationState.Sent, (await fixture.Harness.StatusAsync("rcpt-gen-noauth-" + (token ?? "none")))!.State);
    }

    [Fact]
    public async Task Generic_ProviderMessageIdOnly_FindsNotificationThroughIndex()
    {
        var (_, sid) = await fixture.SendAsync("rcpt-gen-by-pmid");
        using var client = fixture.Client();

        using var response = await client.PostAsync(GenericReceiptEndpoints.Route, Json($$"""{"providerMessageId":"{{sid}}","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rcpt-gen-by-pmid", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString());
        Assert.Equal(NotificationState.Delivered, (await fixture.Harness.StatusAsync("rcpt-gen-by-pmid"))!.State);
    }

    [Fact]
    public async Task Generic_UnknownProviderMessageId_Returns404()
    {
        using var client = fixture.Client();

        using var response = await client.PostAsync(GenericReceiptEndpoints.Route, Json("""{"providerMessageId":"SMnobody","status":"delivered"}"""), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
