using K8sNotify.Dispatcher.DeadLetters;

namespace K8sNotify.Dispatcher.Tests.DeadLetters;

public sealed class HeaderValuesTests
{
    [Theory]
    [InlineData("plain reason: 'x'", "plain reason: 'x'")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("100%", "100%25")]
    public void Text_AnyInput_IsPrintableAscii(string input, string expected) => Assert.Equal(expected, HeaderValues.Text(input, 1024));

    [Fact]
    public void Text_LoneSurrogate_BecomesTheReplacementCharacter() => Assert.Equal("a%EF%BF%BDb", HeaderValues.Text("a" + '\ud800' + "b", 1024));

    [Fact]
    public void Text_LongInput_IsCutWithoutSplittingAnEscape()
    {
        var value = HeaderValues.Text(new string('é', 1000), 100);

        Assert.True(value.Length <= 100);
        Assert.Equal(0, value.Length % 6);
    }

    [Fact]
    public void Token_DistinctIds_StayDistinctAndBounded()
    {
        var a = HeaderValues.Token("order 1");
        var b = HeaderValues.Token("order\n1");
        var longA = HeaderValues.Token(new string('x', 500) + "a");
        var longB = HeaderValues.Token(new string('x', 500) + "b");

        Assert.NotEqual(a, b);
        Assert.NotEqual(longA, longB);
        Assert.All([a, b, longA, longB], t => Assert.True(t.Length <= HeaderValues.MaxTokenLength && t.All(c => c is > ' ' and < '\u007f')));
    }
}
