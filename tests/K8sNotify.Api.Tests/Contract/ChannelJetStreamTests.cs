using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Api.Tests.Contract;

public sealed class ChannelJetStreamTests
{
    [Fact]
    public void Consumer_AnyRetrySetting_UnlimitedDeliveriesAndSlotsForEveryReplicasWork()
    {
        var channel = Channel(retry: new ChannelRetrySpec { MaxAttempts = 3 });
        channel.Spec.Dispatcher = new DispatcherSpec { Concurrency = 64, Replicas = new ReplicaRange { Min = 2, Max = 10 } };

        var consumer = ChannelJetStream.Consumer(channel);

        Assert.Equal("dispatcher", consumer.DurableName);
        Assert.Null(consumer.FilterSubject);
        Assert.Equal(ConsumerConfigAckPolicy.Explicit, consumer.AckPolicy);
        Assert.Equal(-1, consumer.MaxDeliver);
        Assert.Equal(ChannelJetStream.AckWait, consumer.AckWait);
        Assert.Equal((64 * 10) + ChannelJetStream.ShortRetryAllowance, consumer.MaxAckPending);
    }

    [Fact]
    public void Stream_Spec_MapsRetentionReplicasAndMaxAge()
    {
        var channel = Channel();
        channel.Spec.Stream = new StreamSpec { Replicas = 3, MaxAge = "24h" };

        var stream = ChannelJetStream.Stream(channel);

        Assert.Equal("K8SNOTIFY_SHOP_ORDERS", stream.Name);
        Assert.Equal(["shop.orders"], stream.Subjects);
        Assert.Equal(StreamConfigRetention.Workqueue, stream.Retention);
        Assert.Equal(3, stream.NumReplicas);
        Assert.Equal(TimeSpan.FromHours(24), stream.MaxAge);
    }

    [Fact]
    public void ParkStream_DefaultHorizon_LimitsRetentionOfHorizonPlusADayOnSlotSubjects()
    {
        var park = ChannelJetStream.ParkStream(Channel());

        Assert.Equal("K8SNOTIFY_SHOP_ORDERS_PARK", park.Name);
        Assert.Equal(["k8snotify.park.shop.orders.*"], park.Subjects);
        Assert.Equal(StreamConfigRetention.Limits, park.Retention);
        Assert.Equal(StreamConfigDiscard.New, park.Discard);
        Assert.Equal(TimeSpan.FromDays(31), park.MaxAge);
    }

    [Fact]
    public void StatusBucket_ShortStatusMaxAge_KeepsRecordsAsLongAsTheParkStore()
    {
        var channel = Channel(scheduling: new ChannelSchedulingSpec { Horizon = "10d", Retention = "12d" });

        Assert.Equal(TimeSpan.FromDays(12), ChannelJetStream.StatusBucket(channel, TimeSpan.FromDays(7)).MaxAge);
        Assert.Equal(TimeSpan.FromDays(20), ChannelJetStream.StatusBucket(channel, TimeSpan.FromDays(20)).MaxAge);
    }

    [Fact]
    public void StatusBucket_AnyChannel_KeepsEveryTransitionUpToTheJetStreamMaximum()
    {
        var bucket = ChannelJetStream.StatusBucket(Channel(), TimeSpan.FromDays(7));

        Assert.Equal(64, bucket.History);
        Assert.Equal(ChannelJetStream.StatusHistory, bucket.History);
    }

    [Theory]
    [InlineData("30d", null, null)]
    [InlineData("30d", "31d", null)]
    [InlineData("30d", "30d", "spec.scheduling.retention")]
    [InlineData("400d", null, "spec.scheduling.horizon")]
    [InlineData("0s", null, "spec.scheduling.horizon")]
    [InlineData("soon", null, "spec.scheduling.horizon")]
    public void Problem_Settings_NamesTheFieldThatDoesNotFit(string horizon, string? retention, string? field)
    {
        var problem = SchedulingWindow.Problem(Channel(scheduling: new ChannelSchedulingSpec { Horizon = horizon, Retention = retention }));

        if (field is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.StartsWith(field, problem, StringComparison.Ordinal);
        }
    }

    private static Channel Channel(ChannelRetrySpec? retry = null, ChannelSchedulingSpec? scheduling = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "shop" },
        Spec = new ChannelSpec
        {
            Type = ChannelType.Email,
            Subjects = ["shop.orders"],
            Templates = ["t"],
            Providers = [new ChannelProviderReference { Name = "p" }],
            Retry = retry,
            Scheduling = scheduling,
        },
    };
}
