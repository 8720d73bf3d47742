using System.Text;
using K8sNotify.Dispatcher.Recipients.SmsOptOut;
using K8sNotify.Dispatcher.Recipients.Unsubscribe;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed class UnsubscribeTokenTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef-key");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly UnsubscribeClaims Claims = new("shop", "mail", "marketing", "ada@example.com", Now.AddDays(30));

    [Fact]
    public void Verify_FreshToken_ReturnsTheClaims()
    {
        var token = UnsubscribeToken.Create(Claims, Key);

        Assert.True(UnsubscribeToken.Verify(token, Key, Now, out var claims));
        Assert.Equal(Claims with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(Claims.ExpiresAt.ToUnixTimeSeconds()) }, claims);
    }

    [Fact]
    public void Verify_Expired_Rejected()
    {
        Assert.False(UnsubscribeToken.Verify(UnsubscribeToken.Create(Claims, Key), Key, Now.AddDays(31), out _));
    }

    [Fact]
    public void Verify_OtherKey_Rejected()
    {
        Assert.False(UnsubscribeToken.Verify(UnsubscribeToken.Create(Claims, Key), Encoding.UTF8.GetBytes("another-key-another-key-another-key"), Now, out _));
    }

    [Fact]
    public void Verify_PayloadSwapped_Rejected()
    {
        var mine = UnsubscribeToken.Create(Claims, Key);
        var theirs = UnsubscribeToken.Create(Claims with { Recipient = "bob@example.com" }, Key);
        var forged = theirs.Split('.')[0] + "." + mine.Split('.')[1];

        Assert.False(UnsubscribeToken.Verify(forged, Key, Now, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.abc")]
    public void ReadUnverified_Malformed_Null(string token)
    {
        Assert.Null(UnsubscribeToken.ReadUnverified(token));
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData(" stop ", true)]
    [InlineData("Unsubscribe", true)]
    [InlineData("STOPALL", true)]
    [InlineData("cancel", true)]
    [InlineData("END", true)]
    [InlineData("quit", true)]
    [InlineData("START", false)]
    [InlineData("unstop", false)]
    [InlineData("yes", false)]
    [InlineData("please stop", null)]
    [InlineData("", null)]
    public void OptOutKeywords_Classify(string body, bool? expected)
    {
        Assert.Equal(expected, OptOutKeywords.Classify(body));
    }
}
