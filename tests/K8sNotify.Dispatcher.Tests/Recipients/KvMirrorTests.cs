using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed class KvMirrorTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task Start_EmptyBucket_SyncsAndFollowsLaterWritesAndDeletes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var kv = new NatsKVContext(new NatsJSContext(connection));
        var bucket = await kv.CreateStoreAsync(new NatsKVConfig("MIRROR_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()), ct);
        await using var mirror = new KvMirror(bucket, NullLogger.Instance);

        mirror.Start();
        await Poll.UntilAsync(() => mirror.Synced, "mirror synced", cancellationToken: ct);

        // Written by someone else (not through Apply): only the watch can bring it.
        await bucket.PutAsync("default.abc", "v1"u8.ToArray(), NatsRawSerializer<byte[]>.Default, cancellationToken: ct);
        await Poll.UntilAsync(async () => await mirror.GetAsync("default.abc", ct) is { Length: 2 }, "put seen", cancellationToken: ct);
        Assert.True(mirror.Synced);

        await bucket.DeleteAsync("default.abc", cancellationToken: ct);
        await Poll.UntilAsync(async () => await mirror.GetAsync("default.abc", ct) is null, "delete seen", cancellationToken: ct);
        Assert.True(mirror.Synced);
    }
}
