using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Tests.Contract;

public sealed class RecipientValidatorTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("\"quoted local\"@example.com")]
    public void Validate_Rfc5322Address_IsAccepted(string address) =>
        Assert.Null(RecipientValidator.Validate(ChannelType.Email, address));

    [Theory]
    [InlineData("not an address")]
    [InlineData("a@b@c")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@example.com, eve@example.com")]
    [InlineData("ada@example.com\r\nBcc: eve@example.com")]
    [InlineData("ada@example..com")]
    public void Validate_BadAddress_IsRejected(string address) =>
        Assert.NotNull(RecipientValidator.Validate(ChannelType.Email, address));

    [Theory]
    [InlineData("+4915112345678", true)]
    [InlineData("+12025550123", true)]
    [InlineData("004915112345678", false)]
    [InlineData("+0123456789", false)]
    [InlineData("+49 151 1234", false)]
    [InlineData("+1234567890123456", false)]
    public void Validate_Sms_RequiresE164(string number, bool valid) =>
        Assert.Equal(valid, RecipientValidator.Validate(ChannelType.Sms, number) is null);

    [Theory]
    [InlineData("dGVzdC10b2tlbi0xMjM0NTY3ODkw:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx", true)]
    [InlineData("short", false)]
    [InlineData("has spaces in the token value here", false)]
    public void Validate_Push_RequiresTokenShape(string token, bool valid) =>
        Assert.Equal(valid, RecipientValidator.Validate(ChannelType.Push, token) is null);

    [Fact]
    public void Validate_Reason_NeverEchoesTheRecipient() =>
        Assert.DoesNotContain("secret-person", RecipientValidator.Validate(ChannelType.Email, "secret-person")!, StringComparison.Ordinal);

    [Fact]
    public void Validate_EmailAtTheRfc5321Limits_IsAccepted()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 61), 3)) + ".example.com";

        Assert.Null(RecipientValidator.Validate(ChannelType.Email, $"{local}@example.com"));
        Assert.Null(RecipientValidator.Validate(ChannelType.Email, $"{local}@{domain[..(254 - 65)].TrimEnd('.')}"));
    }

    [Theory]
    [InlineData(65, 11, "local part is 65 octets")]
    [InlineData(300, 11, "local part is 300 octets")]
    [InlineData(60, 200, "path of 256 octets")]
    public void Validate_EmailBeyondTheRfc5321Limits_IsRejected(int localLength, int domainLabels, string expected)
    {
        var domain = domainLabels == 11 ? "example.com" : string.Join('.', Enumerable.Repeat("d", domainLabels / 2)) + ".example.com";
        var address = new string('a', localLength) + "@" + domain;

        Assert.Contains(expected, RecipientValidator.Validate(ChannelType.Email, address), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmailWithALabelLongerThan63_IsRejected() =>
        Assert.Contains("labels of 63", RecipientValidator.Validate(ChannelType.Email, "ada@" + new string('d', 64) + ".com"), StringComparison.Ordinal);

    [Fact]
    public void Validate_NonAsciiLocalPart_CountsOctets() =>
        Assert.Contains("local part is 66 octets", RecipientValidator.Validate(ChannelType.Email, new string('é', 33) + "@example.com"), StringComparison.Ordinal);
}
