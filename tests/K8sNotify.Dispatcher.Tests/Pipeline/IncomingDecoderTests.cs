using System.Text;
using K8sNotify.Dispatcher.Pipeline;

namespace K8sNotify.Dispatcher.Tests.Pipeline;

public sealed class IncomingDecoderTests
{
    private const string Notification = """{"template":"welcome","to":"ada@example.com","data":{"name":"Ada"}}""";

    private static IncomingMessage Incoming(string body, Dictionary<string, string>? headers, string? msgId = null) =>
        new("notify.test", Encoding.UTF8.GetBytes(body), msgId, 1, 7, DateTimeOffset.UnixEpoch, headers);

    [Fact]
    public void Decode_BinaryCloudEventWithoutIdInTheData_TakesTheCeId()
    {
        var headers = new Dictionary<string, string>
        {
            ["ce-specversion"] = "1.0",
            ["ce-id"] = "evt-7",
            ["ce-source"] = "/shop/orders",
            ["ce-type"] = "com.example.order.created",
            ["Content-Type"] = "application/json",
        };

        var decoded = IncomingDecoder.Decode(Incoming(Notification, headers));

        Assert.Equal("evt-7", decoded.Message?.Id);
    }

    [Fact]
    public void Decode_InvalidCloudEvent_IsRefusedWithTheMsgIdHeaderAsItsId()
    {
        var headers = new Dictionary<string, string> { ["ce-specversion"] = "9.9", ["ce-id"] = "evt-8" };

        var decoded = IncomingDecoder.Decode(Incoming(Notification, headers, "nats-8"));

        Assert.Null(decoded.Message);
        Assert.Equal("nats-8", decoded.Id);
        Assert.Contains("ce-specversion", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PlainMessage_UsesTheMsgIdHeaderWhenTheBodyHasNoId()
    {
        var decoded = IncomingDecoder.Decode(Incoming(Notification, headers: null, msgId: "nats-9"));

        Assert.Equal("nats-9", decoded.Message?.Id);
    }
}
