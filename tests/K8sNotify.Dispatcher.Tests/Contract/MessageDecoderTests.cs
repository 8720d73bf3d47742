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
}
