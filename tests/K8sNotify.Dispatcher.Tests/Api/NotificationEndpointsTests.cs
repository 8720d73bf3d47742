using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Status;
using Microsoft.Extensions.DependencyInjection;
using K8sNotify.TestSupport;

namespace K8sNotify.Dispatcher.Tests.Api;

public sealed class NotificationEndpointsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(string? id, string to = "ada@example.com", string? sendAt = null, string data = """{"name":"Ada"}""") =>
        "{" + (id is null ? "" : $"\"id\":\"{id}\",") + $"\"template\":\"welcome\",\"to\":\"{to}\"" + (sendAt is null ? "" : $",\"sendAt\":\"{sendAt}\"") + $",\"data\":{data}}}";

    private async Task<JsonElement> GetStatusAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v1/notifications/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task WaitForStateAsync(HttpClient client, string id, string state) =>
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/v1/notifications/{id}", Ct);
                return response.StatusCode == HttpStatusCode.OK
                    && (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString() == state;
            },
            $"{id} {state}",
            cancellationToken: Ct);

    [Fact]
    public async Task Submit_ValidNotification_Returns202WithStatusUrlAndIsSent()
    {
        using var client = api.Client();

        using var response = await client.PostAsync(api.SubmitPath, Json(Body("api-ok-1")), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("api-ok-1", body.GetProperty("id").GetString());
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        Assert.Equal("/v1/notifications/api-ok-1", body.GetProperty("statusUrl").GetString());
        await WaitForStateAsync(client, "api-ok-1", "sent");
        var status = await GetStatusAsync(client, "api-ok-1");
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
        Assert.Equal("p", status.GetProperty("provider").GetString());
        Assert.True(status.TryGetProperty("sentAt", out _));
        Assert.Equal(1, api.Provider.CallsFor("api-ok-1"));
    }

    [Fact]
    public async Task Submit_SameIdTwice_ReturnsSameIdAndSendsOnce()
    {
        using var client = api.Client();
        using var first = await client.PostAsync(api.SubmitPath, Json(Body("api-dup-1")), Ct);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await WaitForStateAsync(client, "api-dup-1", "sent");

        using var again = await client.PostAsync(api.SubmitPath, Json(Body("api-dup-1")), Ct);
        using var third = await client.PostAsync(api.SubmitPath, Json(Body("api-dup-1")), Ct);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var a = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var b = await third.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal("api-dup-1", a.GetProperty("id").GetString());
        Assert.Equal("sent", a.GetProperty("status").GetString());
        Assert.Equal(1, api.Provider.CallsFor("api-dup-1"));
    }

    [Fact]
    public async Task Submit_ConcurrentDuplicates_SendOnce()
    {
        using var client = api.Client();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostAsync(api.SubmitPath, Json(Body("api-race-1")), Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await WaitForStateAsync(client, "api-race-1", "sent");
        Assert.Equal(1, api.Provider.CallsFor("api-race-1"));
    }

    [Fact]
    public async Task Submit_WithoutId_GeneratesUuidV7()
    {
        using var client = api.Client();

        using var response = await client.PostAsync(api.SubmitPath, Json(Body(null)), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        Assert.Equal(7, Guid.Parse(id).Version);
        await WaitForStateAsync(client, id, "sent");
    }

    [Fact]
    public async Task Submit_InvalidFields_Returns400ProblemNamingEachField()
    {
        using var client = api.Client();

        using var decodeErrors = await client.PostAsync(api.SubmitPath, Json("""{"id":"bad-1","template":5,"to":"ada@example.com","priority":"urgent","sendAt":"tomorrow"}"""), Ct);
        using var validationErrors = await client.PostAsync(api.SubmitPath, Json("""{"id":"bad-2","template":"welcome","to":["ada@example.com","not-an-address"],"data":{"order":"x"}}"""), Ct);
        using var unknownTemplate = await client.PostAsync(api.SubmitPath, Json("""{"id":"bad-3","template":"nope","to":"ada@example.com"}"""), Ct);
        using var notJson = await client.PostAsync(api.SubmitPath, Json("{"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, decodeErrors.StatusCode);
        Assert.Equal("application/problem+json", decodeErrors.Content.Headers.ContentType!.MediaType);
        var errors = (await decodeErrors.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["priority", "sendAt", "template"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, validationErrors.StatusCode);
        errors = (await validationErrors.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        var fields = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("to[1]", fields);
        Assert.Contains("data", fields);
        Assert.Contains("data.order", fields);
        Assert.DoesNotContain("not-an-address", errors.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, unknownTemplate.StatusCode);
        Assert.Contains("template", (await unknownTemplate.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        // Nothing invalid reached the stream.
        using var missing = await client.GetAsync("/v1/notifications/bad-2", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("""{"id":"strict-1","id":"strict-2","template":"welcome","to":"ada@example.com"}""", "id")]
    [InlineData("""{"id":"strict-3","template":"welcome","to":"ada@example.com","data":{"name":"\ud800"}}""", "data.name")]
    [InlineData("""{"id":"strict-4","template":"welcome","to":"ada@example.com","data":{"name":"Ada","order":1e999}}""", "data.order")]
    [InlineData("""{"id":"strict-5","template":"welcome","to":"ada@example.com","data":{"name":"Ada"},"sendAt":"01/02/2031"}""", "sendAt")]
    public async Task Submit_BodyBreakingStrictRules_Returns400ProblemNamingTheField(string body, string field)
    {
        using var client = api.Client();

        using var single = await client.PostAsync(api.SubmitPath, Json(body), Ct);
        using var bulk = await client.PostAsync(api.SubmitPath + ":bulk", Json($$"""{"notifications":[{{body}}]}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        Assert.Equal("application/problem+json", single.Content.Headers.ContentType!.MediaType);
        var errors = (await single.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name == field);

        // In a bulk, a body that cannot be read one way is refused whole; a readable item with a bad field is reported per item.
        var answer = await bulk.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var bulkErrors = bulk.StatusCode == HttpStatusCode.BadRequest ? answer.GetProperty("errors") : answer.GetProperty("items")[0].GetProperty("errors");
        Assert.True(bulk.StatusCode is HttpStatusCode.BadRequest or (HttpStatusCode)207, bulk.StatusCode.ToString());
        Assert.Contains(bulkErrors.EnumerateObject(), e => e.Name.EndsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_InvalidUtf8_Returns400Problem()
    {
        using var client = api.Client();
        byte[] body = [.. "{\"id\":\"strict-"u8, 0xC3, 0x28, .. "\",\"template\":\"welcome\",\"to\":\"ada@example.com\",\"data\":{\"name\":\"Ada\"}}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(api.SubmitPath, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid UTF-8", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_OversizedBody_Returns413()
    {
        using var client = api.Client();
        var big = Body("big-1", data: "{\"name\":\"" + new string('x', 300 * 1024) + "\"}");

        using var response = await client.PostAsync(api.SubmitPath, Json(big), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Submit_UnknownChannel_Returns404()
    {
        using var client = api.Client();

        using var response = await client.PostAsync("/v1/namespaces/default/channels/no-such-channel/notifications", Json(Body("x-1")), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Auth_MissingOrWrongToken_Returns401()
    {
        using var anonymous = api.Client(token: null);
        using var wrong = api.Client(token: "tok-default-0123456780");

        using var noToken = await anonymous.PostAsync(api.SubmitPath, Json(Body("auth-1")), Ct);
        using var badToken = await wrong.PostAsync(api.SubmitPath, Json(Body("auth-2")), Ct);
        using var badGet = await wrong.GetAsync("/v1/notifications/api-ok-1", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badGet.StatusCode);
    }

    [Fact]
    public async Task Auth_OtherNamespacesToken_Returns403AndCannotReadStatus()
    {
        using var own = api.Client();
        using var other = api.Client(ApiFixture.OtherToken);
        using var accepted = await own.PostAsync(api.SubmitPath, Json(Body("scope-1")), Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        using var forbidden = await other.PostAsync(api.SubmitPath, Json(Body("scope-2")), Ct);
        using var hidden = await other.GetAsync("/v1/notifications/scope-1", Ct);
        using var ownChannel = await other.PostAsync($"/v1/namespaces/{ApiFixture.OtherNamespace}/channels/{ApiFixture.OtherChannel}/notifications", Json(Body("scope-3")), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, ownChannel.StatusCode);
        await WaitForStateAsync(other, "scope-3", "sent");
    }

    [Fact]
    public async Task Bulk_MixedValidAndInvalidItems_ReportsEachAndSendsTheValidOnes()
    {
        using var client = api.Client();
        var invalid = Body("bulk-2", to: "not-an-address");
        var body = $$$"""{"notifications": [{{{Body("bulk-1")}}}, {{{invalid}}}, {{{Body("bulk-3", to: "grace@example.com")}}}, 42]}""";

        using var response = await client.PostAsync(api.SubmitPath + ":bulk", Json(body), Ct);

        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal("accepted", items[0].GetProperty("status").GetString());
        Assert.Equal("/v1/notifications/bulk-1", items[0].GetProperty("statusUrl").GetString());
        Assert.Equal("invalid", items[1].GetProperty("status").GetString());
        Assert.True(items[1].GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal("invalid", items[3].GetProperty("status").GetString());
        await WaitForStateAsync(client, "bulk-1", "sent");
        await WaitForStateAsync(client, "bulk-3", "sent");
        Assert.Equal(0, api.Provider.CallsFor("bulk-2"));
    }

    [Fact]
    public async Task Bulk_OneNotificationWithRecipientList_TracksEachRecipient()
    {
        using var client = api.Client();
        var body = """{"id":"list-1","template":"welcome","to":["a@example.com","b@example.com"],"data":{"name":"All"}}""";

        using var response = await client.PostAsync(api.SubmitPath + ":bulk", Json(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForStateAsync(client, "list-1:0", "sent");
        await WaitForStateAsync(client, "list-1:1", "sent");
    }

    [Fact]
    public async Task Bulk_MoreThanThousandItems_Returns400()
    {
        using var client = api.Client();
        var body = "{\"notifications\":[" + string.Join(",", Enumerable.Repeat("{}", 1001)) + "]}";

        using var response = await client.PostAsync(api.SubmitPath + ":bulk", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        using var client = api.Client();

        using var response = await client.GetAsync("/v1/notifications/never-submitted", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_ScheduledNotification_IsNeverSentWhileTheNextOneIsSentOnTime()
    {
        using var client = api.Client();
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(2).ToString("O");
        using var scheduled = await client.PostAsync(api.SubmitPath, Json(Body("cancel-1", sendAt: sendAt)), Ct);
        using var canary = await client.PostAsync(api.SubmitPath, Json(Body("canary-1", sendAt: sendAt)), Ct);
        Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
        await WaitForStateAsync(client, "cancel-1", "scheduled");

        // The dispatcher's view from before the cancel: its claim on that revision must lose.
        var runtime = api.Harness.Services.GetRequiredService<ChannelRuntimeStore>().Get("default", api.ChannelName)!;
        var store = (await api.Harness.Services.GetRequiredService<StatusStores>().GetAsync(runtime, Ct))!;
        var before = (await store.GetAsync("cancel-1", Ct))!;
        using var cancel = await client.DeleteAsync("/v1/notifications/cancel-1", Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
        Assert.Null(await store.TryWriteAsync(before.Record with { State = NotificationState.Sending }, before.Revision, Ct));

        await WaitForStateAsync(client, "canary-1", "sent");
        var sentAt = (await GetStatusAsync(client, "canary-1")).GetProperty("sentAt").GetDateTimeOffset();
        var lateness = sentAt - DateTimeOffset.Parse(sendAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lateness, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(0, api.Provider.CallsFor("cancel-1"));
        Assert.Equal("cancelled", (await GetStatusAsync(client, "cancel-1")).GetProperty("state").GetString());

        using var again = await client.DeleteAsync("/v1/notifications/cancel-1", Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Cancel_AfterSend_Returns409()
    {
        using var client = api.Client();
        using var submitted = await client.PostAsync(api.SubmitPath, Json(Body("cancel-late-1")), Ct);
        await WaitForStateAsync(client, "cancel-late-1", "sent");

        using var cancel = await client.DeleteAsync("/v1/notifications/cancel-late-1", Ct);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType!.MediaType);
        Assert.Equal("sent", (await GetStatusAsync(client, "cancel-late-1")).GetProperty("state").GetString());
    }
}
