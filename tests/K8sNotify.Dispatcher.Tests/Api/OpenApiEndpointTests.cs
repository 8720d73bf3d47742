using System.Text.Json;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.Receipts;
using K8sNotify.Dispatcher.StatusWebhooks;
using K8sNotify.TestSupport;

namespace K8sNotify.Dispatcher.Tests.Api;

public sealed class OpenApiEndpointTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Served_EqualsCheckedInDocumentAndListsEveryRoute()
    {
        using var client = api.Client(token: null);

        var served = await client.GetStringAsync(OpenApiEndpoint.Route, TestContext.Current.CancellationToken);

        var checkedIn = await File.ReadAllTextAsync(RepositoryRoot.Combine("docs", "openapi", "v1.json"), TestContext.Current.CancellationToken);
        Assert.Equal(checkedIn, served);
        using var doc = JsonDocument.Parse(served);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty(NotificationEndpoints.SubmitRoute).TryGetProperty("post", out _));
        Assert.True(paths.GetProperty(NotificationEndpoints.BulkRoute).TryGetProperty("post", out _));
        Assert.True(paths.GetProperty(NotificationEndpoints.StatusRoute).TryGetProperty("get", out _));
        Assert.True(paths.GetProperty(NotificationEndpoints.StatusRoute).TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty(Dispatcher.Providers.Twilio.TwilioReceiptEndpoints.Route).TryGetProperty("post", out _));
        Assert.True(paths.GetProperty(GenericReceiptEndpoints.Route).TryGetProperty("post", out _));
        var hookHeaders = doc.RootElement.GetProperty("webhooks").GetProperty("notificationStatus").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains(StatusWebhookSender.EventIdHeader, hookHeaders);
        Assert.Contains(WebhookSignature.DefaultHeader, hookHeaders);
        Assert.Contains(WebhookSignature.TimestampHeader, hookHeaders);
        Assert.Contains(WebhookSignature.IdempotencyKeyHeader, hookHeaders);
    }
}
