using System.Net;
using K8sNotify.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Client.Tests;

/// <summary>The HTTP client against the real dispatcher's API.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class K8sNotifyHttpClientTests(DispatcherFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Channel => fixture.Channel.Name;

    private static Notification Welcome(string? id, string to = "ada@example.com") =>
        new() { Id = id, Template = "welcome", To = to, Data = Notification.DataFrom(new { name = "Ada", order = 1 }) };

    [Fact]
    public async Task SubmitAsync_ValidNotification_AcceptedThenSent()
    {
        var client = fixture.HttpClient();

        var result = await client.SubmitAsync("default", Channel, Welcome("http-submit-1"), Token);
        var status = await fixture.WaitForStateAsync("http-submit-1", "sent");

        Assert.Equal("http-submit-1", result.Id);
        Assert.Equal("accepted", result.Status);
        Assert.Equal("/v1/notifications/http-submit-1", result.StatusUrl);
        Assert.Equal("default", status.Namespace);
        Assert.Equal(Channel, status.Channel);
        Assert.True(status.IsTerminal);
        Assert.NotNull(status.SentAt);
    }

    [Fact]
    public async Task SubmitAsync_InvalidFields_ThrowsProblemWithErrorsByField()
    {
        var client = fixture.HttpClient();
        var invalid = new Notification { Id = "http-invalid", Template = "no-such-template", To = "not an address" };

        var error = await Assert.ThrowsAsync<K8sNotifyApiException>(() => client.SubmitAsync("default", Channel, invalid, Token));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Equal("The notification is invalid", error.Title);
        Assert.Contains("template", error.Errors.Keys);
        Assert.Contains("to", error.Errors.Keys);
        Assert.Null(await client.GetStatusAsync("http-invalid", Token));
    }

    [Fact]
    public async Task SubmitAsync_WrongToken_ThrowsUnauthorized()
    {
        var client = fixture.HttpClient("not-a-valid-token");

        var error = await Assert.ThrowsAsync<K8sNotifyApiException>(() => client.SubmitAsync("default", Channel, Welcome("http-401"), Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("bearer token", error.Title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SubmitAsync_UnknownChannel_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<K8sNotifyApiException>(() => fixture.HttpClient().SubmitAsync("default", "no-such-channel", Welcome("http-404"), Token));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Unknown Channel", error.Title);
    }

    [Fact]
    public async Task SubmitBulkAsync_OneInvalidItem_OthersAcceptedAndSent()
    {
        var client = fixture.HttpClient();
        Notification[] items = [Welcome("http-bulk-a"), Welcome("http-bulk-b", "not an address"), Welcome("http-bulk-c")];

        var result = await client.SubmitBulkAsync("default", Channel, items, Token);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(1, result.Rejected);
        Assert.Equal([0, 1, 2], result.Items.Select(i => i.Index));
        Assert.True(result.Items[0].IsAccepted);
        Assert.False(result.Items[1].IsAccepted);
        Assert.Equal("invalid", result.Items[1].Status);
        Assert.NotEmpty(result.Items[1].Errors!);
        await fixture.WaitForStateAsync("http-bulk-a", "sent");
        await fixture.WaitForStateAsync("http-bulk-c", "sent");
        Assert.Null(await client.GetStatusAsync("http-bulk-b", Token));
    }

    [Fact]
    public async Task CancelAsync_Scheduled_CancelledAndNeverSent()
    {
        var client = fixture.HttpClient();
        await client.SubmitAsync("default", Channel, Welcome("http-cancel") with { SendAt = DateTimeOffset.UtcNow.AddHours(1) }, Token);

        var cancelled = await client.CancelAsync("http-cancel", Token);
        var again = await client.CancelAsync("http-cancel", Token);

        Assert.Equal("cancelled", cancelled.State);
        Assert.Equal("cancelled", again.State);
        Assert.Contains("shop", cancelled.Reason, StringComparison.Ordinal);
        Assert.Equal("cancelled", (await client.GetStatusAsync("http-cancel", Token))!.State);
        Assert.False(fixture.Delivered("http-cancel"));
    }

    [Fact]
    public async Task CancelAsync_AlreadySent_ThrowsConflict()
    {
        var client = fixture.HttpClient();
        await client.SubmitAsync("default", Channel, Welcome("http-cancel-late"), Token);
        await fixture.WaitForStateAsync("http-cancel-late", "sent");

        var error = await Assert.ThrowsAsync<K8sNotifyApiException>(() => client.CancelAsync("http-cancel-late", Token));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("is sent", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await fixture.HttpClient().GetStatusAsync("http-never-submitted", Token));
    }

    [Fact]
    public async Task AddK8sNotifyClient_TypedClientFromTheFactory_SendsBearerTokenFromOptions()
    {
        var services = new ServiceCollection();
        services.AddK8sNotifyClient(o =>
        {
            o.BaseAddress = fixture.BaseAddress;
            o.Token = DispatcherFixture.Token;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<K8sNotifyHttpClient>();

        var result = await client.SubmitAsync("default", Channel, Welcome("http-di"), Token);

        Assert.Equal("accepted", result.Status);
        await fixture.WaitForStateAsync("http-di", "sent");
    }
}
