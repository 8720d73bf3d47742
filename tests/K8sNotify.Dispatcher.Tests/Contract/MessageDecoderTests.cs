using System.Text;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Tests.Contract;

public sealed class MessageDecoderTests
{
    private static DecodeResult Decode(string json, string? header = null) => MessageDecoder.Decode(Encoding.UTF8.GetBytes(json), header);

    [Fact]
    public void Decode_FullMessage_ReadsEveryField()
    {
        var result = Decode("""{"id":"order-42","template":"t","locale":"de","to":"ada@example.com","data":{"order":42},"priority":"high","sendAt":"2030-01-02T03:04:05+01:00"}""");

        var message = Assert.IsType<NotificationMessage>(result.Message);
        Assert.Equal(("order-42", "t", "de", "high"), (message.Id, message.Template, message.Locale, message.Priority));
        Assert.Equal(["ada@example.com"], message.To);
        Assert.False(message.IsBulk);
        Assert.Equal(42, message.Data["order"]!.GetValue<int>());
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 2, 4, 5, TimeSpan.Zero), message.SendAt);
        Assert.Equal("order-42", message.NotificationId(0));
    }

    [Fact]
    public void Decode_RecipientList_IsBulkWithIndexedNotificationIds()
    {
        var message = Decode("""{"id":"b","template":"t","to":["a@x.io","b@x.io"]}""").Message!;

        Assert.True(message.IsBulk);
        Assert.Equal(["b:0", "b:1"], [message.NotificationId(0), message.NotificationId(1)]);
    }

    [Fact]
    public void Decode_NoBodyId_UsesTheMsgIdHeader()
    {
        Assert.Equal("hdr", Decode("""{"template":"t","to":"a@x.io"}""", "hdr").Message!.Id);
    }

    [Theory]
    [InlineData("{", "malformed JSON")]
    [InlineData("\"text\"", "must be a JSON object")]
    [InlineData("""{"template":"t","to":"a@x.io"}""", "missing field 'id'")]
    [InlineData("""{"id":"","template":"t","to":"a@x.io"}""", "'id' must be a non-empty string")]
    [InlineData("""{"id":"x","to":"a@x.io"}""", "missing field 'template'")]
    [InlineData("""{"id":"x","template":"t"}""", "missing field 'to'")]
    [InlineData("""{"id":"x","template":"t","to":[]}""", "empty list")]
    [InlineData("""{"id":"x","template":"t","to":[1]}""", "only non-empty strings")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","data":[1]}""", "'data' must be a JSON object")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","priority":"urgent"}""", "'priority' must be low, normal or high")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","sendAt":"tomorrow"}""", "'sendAt' must be an RFC 3339 timestamp")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","locale":5}""", "'locale' must be a string")]
    public void Decode_BadInput_NamesTheProblem(string json, string expected)
    {
        var result = Decode(json);

        Assert.Null(result.Message);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BadFieldWithReadableId_KeepsTheIdForTheStatusRecord()
    {
        Assert.Equal("x", Decode("""{"id":"x","template":"t"}""").Id);
    }

    [Theory]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","sendAt":"01/02/2031"}""")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","sendAt":"2031-01-02"}""")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","sendAt":"2031-01-02T03:04:05"}""")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","sendAt":"Thu, 02 Jan 2031 03:04:05 GMT"}""")]
    public void Decode_SendAtNotRfc3339_IsRefused(string json) =>
        Assert.Contains("RFC 3339", Decode(json).Error, StringComparison.Ordinal);

    [Theory]
    [InlineData("2031-01-02T03:04:05Z")]
    [InlineData("2031-01-02T03:04:05.123456789+02:00")]
    [InlineData("2031-01-02 03:04:05z")]
    public void Decode_SendAtRfc3339_IsAccepted(string sendAt) =>
        Assert.NotNull(Decode($$"""{"id":"x","template":"t","to":"a@x.io","sendAt":"{{sendAt}}"}""").Message);

    [Theory]
    [InlineData("""{"id":"x","id":"y","template":"t","to":"a@x.io"}""", "duplicate key 'id'")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","data":{"a":1,"a":2}}""", "duplicate key 'a'")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","data":{"a":"\ud800"}}""", "lone surrogate")]
    [InlineData("""{"id":"x","template":"t","to":"a@x.io","data":{"a":1e999}}""", "does not fit")]
    public void Decode_BodyBreakingStrictRules_IsRefusedWithTheReason(string json, string expected)
    {
        var result = Decode(json);

        Assert.Null(result.Message);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InvalidUtf8InTheId_IsRefusedSoTwoIdsCannotCollapse()
    {
        byte[] first = [.. "{\"id\":\"order-"u8, 0xFF, .. "\",\"template\":\"t\",\"to\":\"a@x.io\"}"u8];
        byte[] second = [.. "{\"id\":\"order-"u8, 0xFE, .. "\",\"template\":\"t\",\"to\":\"a@x.io\"}"u8];

        var a = MessageDecoder.Decode(first, null);
        var b = MessageDecoder.Decode(second, null);

        Assert.Contains("not valid UTF-8", a.Error, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", b.Error, StringComparison.Ordinal);
        Assert.Null(a.Id);
        Assert.Null(b.Id);
    }
}
