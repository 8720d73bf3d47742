using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.JetStream;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;
using NATS.Client.Core;
using Microsoft.Extensions.Time.Testing;
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

    [Fact]
    public async Task EnsureAsync_UnchangedChannelWithinRecheck_MakesNoJetStreamCallUntilTheRecheckIsDue()
    {
        if (NatsServer.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var ct = TestContext.Current.CancellationToken;
        await using var server = await NatsServer.StartAsync(cancellationToken: ct);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        var js = new NatsJSContext(connection);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var provisioner = new JetStreamProvisioner(js, time);
        var channel = Channel("orders", "uid-1");
        await provisioner.EnsureAsync(channel, ct);

        // Deleted behind the operator's back: an unchanged reconcile does not notice (no call), the recheck does.
        await js.DeleteStreamAsync(NatsNames.StreamName(channel), ct);
        await provisioner.EnsureAsync(channel, ct);
        Assert.False(await StreamExistsAsync(js, channel, ct));

        time.Advance(JetStreamProvisioner.Recheck);
        await provisioner.EnsureAsync(channel, ct);
        Assert.True(await StreamExistsAsync(js, channel, ct));
    }

    [Fact]
    public async Task EnsureAsync_ChangedSpecOrRecreatedChannel_AppliesAgainAtOnce()
    {
        if (NatsServer.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var ct = TestContext.Current.CancellationToken;
        await using var server = await NatsServer.StartAsync(cancellationToken: ct);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        var js = new NatsJSContext(connection);
        var provisioner = new JetStreamProvisioner(js, new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var channel = Channel("orders", "uid-1");
        await provisioner.EnsureAsync(channel, ct);

        await js.DeleteStreamAsync(NatsNames.StreamName(channel), ct);
        channel.Spec.Subjects = ["orders.created", "orders.cancelled"];
        await provisioner.EnsureAsync(channel, ct);
        Assert.True(await StreamExistsAsync(js, channel, ct));

        await provisioner.DeleteAsync(channel, ct);
        var recreated = Channel("orders", "uid-2");
        await provisioner.EnsureAsync(recreated, ct);
        Assert.True(await StreamExistsAsync(js, recreated, ct));
    }

    private static Channel Channel(string name, string uid) => new()
    {
        Metadata = new() { Name = name, NamespaceProperty = "shop", Uid = uid, Generation = 1 },
        Spec = new ChannelSpec { Type = ChannelType.Email, Subjects = ["orders.created"] },
    };

    private static async Task<bool> StreamExistsAsync(NatsJSContext js, Channel channel, CancellationToken ct)
    {
        try
        {
            await js.GetStreamAsync(NatsNames.StreamName(channel), cancellationToken: ct);
            return true;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return false;
        }
    }
}
