using K8sNotify.Client.Tests.Support;

namespace K8sNotify.Client.Tests;

/// <summary>Publishing through real JetStream to a real dispatcher.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class K8sNotifyPublisherTests(DispatcherFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishAsync_Notification_StoredAndSent()
    {
        var publisher = new K8sNotifyPublisher(fixture.Js);
        var notification = new Notification
        {
            Id = "pub-sent-1",
            Template = "welcome",
            To = "ada@example.com",
            Data = Notification.DataFrom(new { name = "Ada", order = 7 }),
        };

        var result = await publisher.PublishAsync(fixture.Channel.Subject, notification, Token);
        var status = await fixture.WaitForStateAsync("pub-sent-1", "sent");

        Assert.Equal("pub-sent-1", result.MessageId);
        Assert.Equal(["pub-sent-1"], result.NotificationIds);
        Assert.False(result.IsDuplicate);
        Assert.True(result.Sequence > 0);
        Assert.False(string.IsNullOrEmpty(result.Stream));
        Assert.Equal("outbox", status.Provider);
        Assert.True(fixture.Delivered("pub-sent-1"));
    }

    [Fact]
    public async Task PublishAsync_SameIdAgain_DuplicateOfTheFirstAndSentOnce()
    {
        var publisher = new K8sNotifyPublisher(fixture.Js);
        var notification = new Notification { Id = "pub-twice", Template = "welcome", To = "ada@example.com", Data = Notification.DataFrom(new { name = "Ada" }) };

        var first = await publisher.PublishAsync(fixture.Channel.Subject, notification, Token);
        await fixture.WaitForStateAsync("pub-twice", "sent");
        var second = await publisher.PublishAsync(fixture.Channel.Subject, notification with { Data = Notification.DataFrom(new { name = "Changed" }) }, Token);

        Assert.False(first.IsDuplicate);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.Sequence, second.Sequence);
        var status = await fixture.HttpClient().GetStatusAsync("pub-twice", Token);
        Assert.Equal("sent", status!.State);
        Assert.Equal(1, status.Attempts);
        var delivered = await File.ReadAllTextAsync(fixture.OutboxFile("pub-twice"), Token);
        Assert.Contains("Ada", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("Changed", delivered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_NoIdAndRecipientList_AssignsIdAndEachRecipientIsSent()
    {
        var publisher = new K8sNotifyPublisher(fixture.Js);
        var notification = new Notification
        {
            Template = "welcome",
            To = Recipients.Many(["ada@example.com", "grace@example.com"]),
            Data = Notification.DataFrom(new { name = "team" }),
        };

        var result = await publisher.PublishAsync(fixture.Channel.Subject, notification, Token);

        Assert.True(Guid.TryParse(result.MessageId, out var id) && id.Version == 7, result.MessageId);
        Assert.Equal([$"{result.MessageId}:0", $"{result.MessageId}:1"], result.NotificationIds);
        foreach (var notificationId in result.NotificationIds)
        {
            await fixture.WaitForStateAsync(notificationId, "sent");
        }
    }

    [Fact]
    public async Task PublishAsync_IdOutsideTheAlphabet_ThrowsBeforePublishing()
    {
        var publisher = new K8sNotifyPublisher(fixture.Js);
        var notification = new Notification { Id = "order 42/ä", Template = "welcome", To = "ada@example.com" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(fixture.Channel.Subject, notification, Token));

        Assert.Contains("A-Z, a-z, 0-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_SubjectNoStreamCaptures_ThrowsNoResponders()
    {
        var publisher = new K8sNotifyPublisher(fixture.Js);
        var notification = new Notification { Id = "pub-nowhere", Template = "welcome", To = "ada@example.com" };

        await Assert.ThrowsAnyAsync<NATS.Client.Core.NatsException>(() => publisher.PublishAsync("nobody.listens.here", notification, Token));
    }
}
