using System.Text.Json;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Providers.Outbox;

public sealed class OutboxProviderTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("k8snotify-outbox-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SendAsync_MissingDirectory_CreatesItAndWritesOneIndentedDocument()
    {
        var directory = Path.Combine(_root, "nested", "outbox");
        var provider = new OutboxProvider("outbox", directory, new FakeTimeProvider(At));

        var result = await provider.SendAsync(Notification("m-1:0", "Hello Ada"), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        var file = Assert.Single(Directory.GetFiles(directory));
        Assert.Equal(OutboxProvider.FileName("m-1:0"), Path.GetFileName(file));
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Contains("\n  \"notificationId\": \"m-1:0\"", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("Hello Ada", json.RootElement.GetProperty("subject").GetString());
        Assert.Equal(At, json.RootElement.GetProperty("writtenAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task SendAsync_ConcurrentFirstWritesToAMissingDirectory_AllAccepted()
    {
        // The directory's creator races the other first writers: each round starts 8 writers at once on a new directory.
        const int Writers = 8;
        for (var round = 0; round < 40; round++)
        {
            var directory = Path.Combine(_root, $"round-{round}");
            var provider = new OutboxProvider("outbox", directory, new FakeTimeProvider(At));
            using var start = new Barrier(Writers);
            var writes = Enumerable.Range(0, Writers).Select(i => Task.Run(
                () =>
                {
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    return provider.SendAsync(Notification($"m-{round}-{i}:0", "Hi"), TestContext.Current.CancellationToken);
                },
                TestContext.Current.CancellationToken));

            var results = await Task.WhenAll(writes);

            Assert.All(results, r => Assert.True(r.Status == DeliveryStatus.Accepted, r.Reason));
            Assert.Equal(Writers, Directory.GetFiles(directory).Length);
        }
    }

    [Fact]
    public async Task SendAsync_Redelivery_ReplacesTheFileAndLeavesNoTemporaryFiles()
    {
        var provider = new OutboxProvider("outbox", _root, new FakeTimeProvider(At));

        await provider.SendAsync(Notification("m-1:0", "first, a much longer subject than the second one"), TestContext.Current.CancellationToken);
        await provider.SendAsync(Notification("m-1:0", "second"), TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.GetFiles(_root));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal("second", json.RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task SendAsync_DirectoryIsAFile_ReturnsTransientWithThePath()
    {
        var blocked = Path.Combine(_root, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "x", TestContext.Current.CancellationToken);
        var provider = new OutboxProvider("outbox", blocked, new FakeTimeProvider(At));

        var result = await provider.SendAsync(Notification("m-2:0", "Hi"), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.Transient, result.Status);
        Assert.Contains(blocked, result.Reason, StringComparison.Ordinal);
    }

    private static RenderedNotification Notification(string id, string subject) => new()
    {
        NotificationId = id,
        Namespace = "shop",
        Channel = "orders",
        ChannelType = ChannelType.Email,
        Recipient = "ada@example.com",
        Template = "welcome",
        Locale = "en",
        Subject = subject,
        Text = "Hello",
        PublishedAt = At,
    };
}
