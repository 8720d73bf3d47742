using K8sNotify.Api.Manifests;
using K8sNotify.Operator.JetStream;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Operator.Tests.JetStream;

public sealed class JetStreamProvisionerTests
{
    [Fact]
    public async Task EnsureAsync_EveryExampleChannel_ProvisionsOnOneServer()
    {
        if (NatsServer.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var ct = TestContext.Current.CancellationToken;
        await using var server = await NatsServer.StartAsync(cancellationToken: ct);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        var provisioner = new JetStreamProvisioner(new NatsJSContext(connection));
        var channels = ManifestReader.ReadDirectory(RepositoryRoot.Combine("examples")).Channels;
        Assert.NotEmpty(channels);

        foreach (var channel in channels)
        {
            // A single server refuses a stream with more replicas than it has peers, which a user trying examples/ would hit.
            var exception = await Record.ExceptionAsync(() => provisioner.EnsureAsync(channel, ct));
            Assert.True(exception is null, $"Channel {channel.Metadata.Name}: {exception?.Message}");
        }
    }
}
