using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Tests.Api;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed class RecipientApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string PreferencesPath(string @namespace, string recipient) =>
        $"/v1/namespaces/{@namespace}/recipients/{Uri.EscapeDataString(recipient)}/preferences";

    [Fact]
    public async Task Preferences_PutGetPatchDelete_RoundTrip()
    {
        using var client = fixture.Client();
        var path = PreferencesPath("default", $"ada-{Guid.NewGuid():N}@example.com");

        using (var missing = await client.GetAsync(path, Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var put = await client.PutAsync(path, Json("""{"optOut":{"categories":["marketing"]},"timezone":"Europe/Berlin","quietHours":{"start":"22:00","end":"07:00"},"locale":"de"}"""), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var patch = await client.PatchAsync(path, Json("""{"optOut":{"channelTypes":["sms"]},"quietHours":null}"""), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var stored = await client.GetFromJsonAsync<JsonObject>(path, Cancel);
        Assert.Equal("marketing", stored!["optOut"]!["categories"]![0]!.GetValue<string>());
        Assert.Equal("sms", stored["optOut"]!["channelTypes"]![0]!.GetValue<string>());
        Assert.Null(stored["quietHours"]);
        Assert.Equal("de", stored["locale"]!.GetValue<string>());
        Assert.NotNull(stored["updatedAt"]);

        using (var deleted = await client.DeleteAsync(path, Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await client.GetAsync(path, Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }

    [Fact]
    public async Task Preferences_OtherNamespace_ForbiddenAndSeparate()
    {
        var recipient = $"bob-{Guid.NewGuid():N}@example.com";
        using var defaultClient = fixture.Client();
        using var teamB = fixture.Client(ApiFixture.OtherToken);

        using (var put = await defaultClient.PutAsync(PreferencesPath("default", recipient), Json("""{"optOut":{"categories":["product"]}}"""), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var forbidden = await teamB.GetAsync(PreferencesPath("default", recipient), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var forbiddenWrite = await defaultClient.PutAsync(PreferencesPath(ApiFixture.OtherNamespace, recipient), Json("{}"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbiddenWrite.StatusCode);
        }

        // The same recipient has nothing in team-b: preferences belong to a namespace.
        using (var none = await teamB.GetAsync(PreferencesPath(ApiFixture.OtherNamespace, recipient), Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        using var anonymous = fixture.Client(token: null);
        using var unauthenticated = await anonymous.GetAsync(PreferencesPath("default", recipient), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Theory]
    [InlineData("""{"optOut":{"channelTypes":["fax"]}}""", "optOut.channelTypes")]
    [InlineData("""{"timezone":"Mars/Olympus"}""", "timezone")]
    [InlineData("""{"quietHours":{"start":"10pm","end":"07:00"}}""", "quietHours")]
    [InlineData("""{"locale":"EN_us"}""", "locale")]
    [InlineData("""{"optOut":{"categories":["Not A Category"]}}""", "optOut.categories")]
    [InlineData("""{"unknown":1}""", "$")]
    [InlineData("""not json""", "$")]
    public async Task Preferences_InvalidBody_ProblemNamesTheField(string body, string field)
    {
        using var client = fixture.Client();
        using var response = await client.PutAsync(PreferencesPath("default", "x@example.com"), Json(body), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Cancel);
        Assert.NotNull(problem!["errors"]![field]);
    }

    [Fact]
    public async Task Suppressions_AddListRemove()
    {
        using var client = fixture.Client();
        var recipient = $"dead-{Guid.NewGuid():N}@example.com";
        var list = $"/v1/namespaces/default/channels/{fixture.ChannelName}/suppressions";

        using (var added = await client.PostAsync(list, Json($$"""{"recipient":"{{recipient}}","reason":"mailbox closed","ttl":"24h"}"""), Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var listed = await client.GetFromJsonAsync<JsonObject>(list, Cancel);
        var entry = listed!["items"]!.AsArray().Single(e => e!["recipient"]!.GetValue<string>() == recipient);
        Assert.Equal("mailbox closed", entry!["reason"]!.GetValue<string>());
        Assert.Equal("api", entry["source"]!.GetValue<string>());

        using (var removed = await client.DeleteAsync($"{list}/{Uri.EscapeDataString(recipient)}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using (var again = await client.DeleteAsync($"{list}/{Uri.EscapeDataString(recipient)}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var teamB = fixture.Client(ApiFixture.OtherToken);
        using var forbidden = await teamB.GetAsync(list, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public void OpenApi_DocumentsEveryRecipientRoute()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(K8sNotify.Dispatcher.Api.OpenApiEndpoint.Document());
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var method in new[] { "get", "put", "patch", "delete" })
        {
            Assert.True(paths.GetProperty(Dispatcher.Recipients.Preferences.PreferenceEndpoints.Route).TryGetProperty(method, out _), method);
        }

        Assert.True(paths.GetProperty(Dispatcher.Recipients.Suppression.SuppressionEndpoints.ListRoute).TryGetProperty("post", out _));
        Assert.True(paths.GetProperty(Dispatcher.Recipients.Suppression.SuppressionEndpoints.EntryRoute).TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty(Dispatcher.Recipients.Unsubscribe.UnsubscribeLinks.Route).TryGetProperty("post", out _));
        Assert.True(paths.GetProperty(Dispatcher.Providers.Twilio.TwilioInboundEndpoints.Route).TryGetProperty("post", out _));
        var states = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Status").GetProperty("properties").GetProperty("state").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("suppressed", states);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
