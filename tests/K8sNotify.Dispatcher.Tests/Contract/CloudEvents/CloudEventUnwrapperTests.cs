using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Contract.CloudEvents;

namespace K8sNotify.Dispatcher.Tests.Contract.CloudEvents;

public sealed class CloudEventUnwrapperTests
{
    private const string Notification = """{"template":"welcome","to":"ada@example.com","data":{"name":"Ada"}}""";

    private static readonly Dictionary<string, string> StructuredHeaders = new() { ["Content-Type"] = "application/cloudevents+json; charset=utf-8" };

    private static Dictionary<string, string> Binary(string? id = "ce-1") => new()
    {
        ["ce-specversion"] = "1.0",
        ["ce-id"] = id!,
        ["ce-source"] = "/shop/orders",
        ["ce-type"] = "com.example.order.created",
        ["Content-Type"] = "application/json",
    };

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Unwrap_Structured_DataIsTheMessageAndIdTheFallback()
    {
        var body = $$"""{"specversion":"1.0","id":"evt-1","source":"/shop","type":"com.example.welcome","datacontenttype":"application/json","data":{{Notification}}}""";

        var envelope = CloudEventUnwrapper.Unwrap(Bytes(body), StructuredHeaders, "nats-id");

        Assert.Null(envelope.Error);
        Assert.True(envelope.IsCloudEvent);
        Assert.Equal("evt-1", envelope.FallbackId);
        Assert.Equal("welcome", (string?)JsonNode.Parse(envelope.Data.Span)!["template"]);
    }

    [Fact]
    public void Unwrap_Binary_BodyIsTheMessageAndCeIdTheFallback()
    {
        var envelope = CloudEventUnwrapper.Unwrap(Bytes(Notification), Binary(), null);

        Assert.Null(envelope.Error);
        Assert.Equal("ce-1", envelope.FallbackId);
        Assert.Equal(Notification, Encoding.UTF8.GetString(envelope.Data.Span));
    }

    [Fact]
    public void Unwrap_PlainMessage_PassesThroughWithTheNatsMsgId()
    {
        var envelope = CloudEventUnwrapper.Unwrap(Bytes(Notification), new Dictionary<string, string> { ["Nats-Msg-Id"] = "n-1" }, "n-1");

        Assert.False(envelope.IsCloudEvent);
        Assert.Null(envelope.Error);
        Assert.Equal("n-1", envelope.FallbackId);
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","source":"/shop","type":"t","data":{}}""", "id")]
    [InlineData("""{"specversion":"0.1","id":"x","source":"/shop","type":"t","data":{}}""", "invalid structured CloudEvent")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"/shop","type":"t"}""", "has no data")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"/shop","type":"t","data":[1]}""", "must be a JSON object")]
    [InlineData("""{"specversion":"1.0","id":"x",""", "invalid structured CloudEvent")]
    public void Unwrap_InvalidStructured_ErrorWithTheReason(string body, string reason)
    {
        var envelope = CloudEventUnwrapper.Unwrap(Bytes(body), StructuredHeaders, null);

        Assert.True(envelope.IsCloudEvent);
        Assert.Contains(reason, envelope.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrap_BinaryMissingSource_ErrorNamesTheAttribute()
    {
        var headers = Binary();
        headers.Remove("ce-source");

        var envelope = CloudEventUnwrapper.Unwrap(Bytes(Notification), headers, null);

        Assert.Contains("missing required attribute(s) source", envelope.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrap_BinaryUnknownSpecVersion_Error()
    {
        var headers = Binary();
        headers["ce-specversion"] = "9.9";

        Assert.Contains("unsupported ce-specversion '9.9'", CloudEventUnwrapper.Unwrap(Bytes(Notification), headers, null).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrap_BinaryNotJson_Error()
    {
        var headers = Binary();
        headers["Content-Type"] = "text/plain";

        Assert.Contains("must be JSON", CloudEventUnwrapper.Unwrap(Bytes("hello"), headers, null).Error, StringComparison.Ordinal);
    }
}
