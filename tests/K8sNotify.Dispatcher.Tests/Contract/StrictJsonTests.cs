using System.Text;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Tests.Contract;

public sealed class StrictJsonTests
{
    private static FieldError? Check(string json) => StrictJson.Check(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"id":"a","id":"b"}""", "id", "duplicate key 'id'")]
    [InlineData("""{"data":{"name":"a","name":"b"}}""", "data.name", "duplicate key 'name'")]
    [InlineData("""{"data":{"list":[{"k":1},{"k":1,"k":2}]}}""", "data.list[1].k", "duplicate key 'k'")]
    [InlineData("""{"data":{"name":"\ud800"}}""", "data.name", "lone surrogate")]
    [InlineData("""{"data":{"name":"x\udc00y"}}""", "data.name", "lone surrogate")]
    [InlineData("""{"data":{"\ud800":"x"}}""", "data", "lone surrogate")]
    [InlineData("""{"to":["a@x.io","\ud800"]}""", "to[1]", "lone surrogate")]
    [InlineData("""{"data":{"order":1e999}}""", "data.order", "does not fit")]
    [InlineData("""{"data":{"order":-1e999}}""", "data.order", "does not fit")]
    [InlineData("{", "", "malformed JSON")]
    public void Check_BrokenRule_NamesTheField(string json, string field, string message)
    {
        var problem = Check(json);

        Assert.NotNull(problem);
        Assert.Equal(field, problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HugeInteger_DoesNotFit()
    {
        var problem = Check("""{"data":{"order":""" + "9" + new string('0', 4999) + "}}");

        Assert.Equal("data.order", problem!.Field);
    }

    [Fact]
    public void Check_InvalidUtf8_IsRefusedWithTheOffset()
    {
        byte[] payload = [.. "{\"id\":\"a"u8, 0xFF, .. "\"}"u8];

        Assert.Contains("not valid UTF-8 (first bad byte at offset 8)", StrictJson.Check(payload)!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"a","data":{"id":"b","smile":"\ud83d\ude00","n":1.5e300,"big":123456789012345678901234567890}}""")]
    [InlineData("""[{"k":1},{"k":1}]""")]
    public void Check_AcceptableJson_Passes(string json) => Assert.Null(Check(json));

    [Theory]
    [InlineData("""{"id":"x","id":"y"}""", null)]
    [InlineData("""{"id":"x","data":{"a":1,"a":2}}""", "x")]
    [InlineData("""{"data":{"id":"inner"},"id":"outer","to":1e999}""", "outer")]
    public void ReadableId_OnlyWhenUnambiguous(string json, string? expected) =>
        Assert.Equal(expected, StrictJson.ReadableId(Encoding.UTF8.GetBytes(json)));
}
