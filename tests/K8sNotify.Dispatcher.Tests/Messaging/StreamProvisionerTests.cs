using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Messaging;
using K8sNotify.Dispatcher.StatusWebhooks;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Operator.JetStream;
using K8sNotify.TestSupport;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Tests.Messaging;

public sealed partial class StreamProvisionerTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    // The status-event queue is the dispatcher's own (not a Channel's work stream) and is provisioned by it in both modes.
    private static readonly string[] OwnQueueFiles = [Path.Combine("dispatcher", "K8sNotify.Dispatcher", "StatusWebhooks", "StatusWebhookProvisioner.cs")];

    [Fact]
    public async Task ProvisionAsync_Standalone_CreatesWhatTheOperatorCreatesForTheSameChannel()
    {
        var ct = TestContext.Current.CancellationToken;
        var channel = Channel("contract-same");
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
        var js = new NatsJSContext(connection);

        var operatorSide = new JetStreamProvisioner(js);
        await operatorSide.EnsureAsync(channel, ct);
        var byOperator = await ConfigsAsync(js, channel, ct);
        await operatorSide.DeleteAsync(channel, ct);

        var dispatcherSide = new StreamProvisioner(js, new NatsKVContext(js), Options.Create(new PipelineOptions()), new StatusWebhookProvisioner(js, Options.Create(new StatusWebhookOptions())));
        var provisioned = await dispatcherSide.ProvisionAsync(channel, standalone: true, ct);
        var byDispatcher = await ConfigsAsync(js, channel, ct);

        Assert.Equal(byOperator, byDispatcher);
        Assert.Equal(-1, provisioned.Consumer.Info.Config.MaxDeliver);
        Assert.Equal(ChannelJetStream.AckWait, provisioned.Consumer.Info.Config.AckWait);
    }

    [Fact]
    public void Sources_OutsideTheContract_DefineNoStreamConsumerOrBucketConfig()
    {
        var offenders = new List<string>();
        foreach (var side in new[] { "operator", "dispatcher" })
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine(side), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryRoot.Path, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || relative.StartsWith(Path.Combine("operator", "K8sNotify.Api", "Contract"), StringComparison.Ordinal)
                    || OwnQueueFiles.Contains(relative))
                {
                    continue;
                }

                var text = File.ReadAllText(file);
                offenders.AddRange(ConfigDefinition().Matches(text).Select(m => $"{relative}: {m.Value}"));
            }
        }

        Assert.Empty(offenders);
    }

    private static async Task<string> ConfigsAsync(NatsJSContext js, Channel channel, CancellationToken ct)
    {
        var stream = await js.GetStreamAsync(NatsNames.StreamName(channel), cancellationToken: ct);
        var consumer = await js.GetConsumerAsync(NatsNames.StreamName(channel), NatsNames.ConsumerName, ct);
        var dlq = await js.GetStreamAsync(NatsNames.DeadLetterStreamName(channel), cancellationToken: ct);
        var park = await js.GetStreamAsync(ChannelJetStream.ParkStreamName(channel), cancellationToken: ct);
        return JsonSerializer.Serialize(new object[] { stream.Info.Config, consumer.Info.Config, dlq.Info.Config, park.Info.Config });
    }

    private static Channel Channel(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new ChannelSpec
        {
            Type = ChannelType.Webhook,
            Subjects = [$"test.{name}"],
            Templates = ["t"],
            Providers = [new ChannelProviderReference { Name = "p" }],
            Retry = new ChannelRetrySpec { MaxAttempts = 3 },
            Scheduling = new ChannelSchedulingSpec { Horizon = "2d" },
        },
    };

    [GeneratedRegex(@"new\s+(StreamConfig|ConsumerConfig|NatsKVConfig)\s*\(|\b(StreamConfig|ConsumerConfig|NatsKVConfig)\s+\w+\s*\([^)]*\)\s*(=>|\{)")]
    private static partial Regex ConfigDefinition();
}
