using System.Text;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.DeadLetters;
using K8sNotify.Dispatcher.Providers.Outbox;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Tests.Contract;

public sealed class NotificationIdsTests
{
    private static readonly string WholeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Theory]
    [InlineData("order-42")]
    [InlineData("0190a3c2-5b1e-7c3d-9f00-123456789abc")]
    [InlineData("_")]
    public void IsValid_IdOfTheAlphabet_IsAccepted(string id) => Assert.True(NotificationIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a\r\nb")]
    [InlineData("café")]
    [InlineData("a%2Fb")]
    [InlineData("b64.x")]
    public void IsValid_IdOutsideTheAlphabet_IsRefused(string id) => Assert.False(NotificationIds.IsValid(id));

    [Fact]
    public void IsValid_TooLong_IsRefused()
    {
        Assert.True(NotificationIds.IsValid(new string('x', NotificationIds.MaxLength)));
        Assert.False(NotificationIds.IsValid(new string('x', NotificationIds.MaxLength + 1)));
    }

    [Fact]
    public void EveryAcceptedId_IsUsableAsItIsInEveryPlaceAnIdGoes()
    {
        var longest = WholeAlphabet + new string('z', NotificationIds.MaxLength - WholeAlphabet.Length);
        foreach (var id in new[] { WholeAlphabet, longest, longest + ":999" })
        {
            Assert.True(NotificationIds.IsValidNotificationId(id));

            // NATS header (Nats-Msg-Id) and dead-letter msg id: no encoding needed.
            Assert.Equal(id, HeaderValues.Text(id, int.MaxValue));

            // KV key: legal (plain or encoded), and it maps back to the same id.
            Assert.Equal(id, StatusKeys.IdOf(StatusKeys.For(id)));
            Assert.Matches("^[-/_=.a-zA-Z0-9]+$", StatusKeys.For(id));

            // Outbox file name: one path segment within the usual 255-byte limit.
            var file = OutboxProvider.FileName(id);
            Assert.True(Encoding.UTF8.GetByteCount(file) <= 255);
            Assert.DoesNotContain('/', file);

            // Status URL: one path segment.
            var url = K8sNotify.Dispatcher.Api.NotificationEndpoints.StatusUrl(id);
            Assert.Equal("/v1/notifications/", url[..18]);
            Assert.DoesNotContain('/', url[18..]);
            Assert.DoesNotContain('.', url[18..]);
        }
    }
}
