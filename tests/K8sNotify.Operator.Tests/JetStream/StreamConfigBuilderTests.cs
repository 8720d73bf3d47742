using K8sNotify.Operator.JetStream;
using NATS.Client.JetStream.Models;

namespace K8sNotify.Operator.Tests.JetStream;

public sealed class StreamConfigBuilderTests
{
    [Fact]
    public void Stream_ShopChannel_MapsSpec()
    {
        var channel = TestManifests.Read("shop").Channels[0];

        var stream = StreamConfigBuilder.Stream(channel);

        Assert.Equal("K8SNOTIFY_SHOP_ORDERS-EMAIL", stream.Name);
        Assert.Equal(["shop.orders.email"], stream.Subjects);
        Assert.Equal(StreamConfigRetention.Workqueue, stream.Retention);
        Assert.Equal(StreamConfigStorage.File, stream.Storage);
        Assert.Equal(3, stream.NumReplicas);
        Assert.Equal(TimeSpan.FromHours(24), stream.MaxAge);
    }

    [Fact]
    public void Consumer_ShopChannel_DurableWithoutFilterAndMaxDeliverFromRetry()
    {
        var channel = TestManifests.Read("shop").Channels[0];

        var consumer = StreamConfigBuilder.Consumer(channel);

        Assert.Equal("dispatcher", consumer.Name);
        Assert.Null(consumer.FilterSubject);
        Assert.Equal(ConsumerConfigAckPolicy.Explicit, consumer.AckPolicy);
        Assert.Equal(8, consumer.MaxDeliver);
        Assert.Equal(64 * 10, consumer.MaxAckPending);
    }

    [Fact]
    public void DeadLetterStream_DefaultSubject_LimitsRetention()
    {
        var channel = TestManifests.Read("shop").Channels[0];

        var dlq = StreamConfigBuilder.DeadLetterStream(channel);

        Assert.Equal("K8SNOTIFY_SHOP_ORDERS-EMAIL_DLQ", dlq.Name);
        Assert.Equal(["k8snotify.deadletter.shop.orders-email"], dlq.Subjects);
        Assert.Equal(StreamConfigRetention.Limits, dlq.Retention);
    }
}
