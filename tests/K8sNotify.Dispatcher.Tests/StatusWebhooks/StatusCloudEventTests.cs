using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.StatusWebhooks;

namespace K8sNotify.Dispatcher.Tests.StatusWebhooks;

public sealed class StatusCloudEventTests
{
    private static readonly StatusRecord Record = new()
    {
        Id = "order-42:1",
        MessageId = "order-42",
        Namespace = "shop",
        Channel = "orders",
        State = NotificationState.DeadLettered,
        Reason = "retries exhausted",
        UpdatedAt = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Encode_StatusEvent_ValidCloudEventWithEveryAttribute()
    {
        var body = StatusCloudEvent.Encode(StatusEvent.For(Record, 1234).Serialize());

        var decoded = new JsonEventFormatter().DecodeStructuredModeMessage(body, new ContentType(StatusCloudEvent.ContentType), [StatusCloudEvent.RevisionAttribute]);

        Assert.Equal(CloudEventsSpecVersion.V1_0, decoded.SpecVersion);
        Assert.Equal("shop/orders/1234", decoded.Id);
        Assert.Equal("io.k8snotify.notification.dead_lettered", decoded.Type);
        Assert.Equal("/namespaces/shop/channels/orders", decoded.Source!.ToString());
        Assert.Equal("order-42:1", decoded.Subject);
        Assert.Equal(Record.UpdatedAt, decoded.Time);
        Assert.Equal("1234", decoded[StatusCloudEvent.RevisionAttribute]);
        var data = Assert.IsType<JsonElement>(decoded.Data);
        Assert.Equal("retries exhausted", data.GetProperty("reason").GetString());
        Assert.Equal("dead_lettered", data.GetProperty("state").GetString());
        Assert.True(decoded.IsValid);
    }

    [Fact]
    public void Encode_NotAStatusEvent_ThrowsJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => StatusCloudEvent.Encode(Encoding.UTF8.GetBytes("not json")));
        Assert.ThrowsAny<JsonException>(() => StatusCloudEvent.Encode(Encoding.UTF8.GetBytes("null")));
    }
}
