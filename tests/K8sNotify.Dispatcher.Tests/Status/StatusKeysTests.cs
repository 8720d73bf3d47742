using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Tests.Status;

public sealed class StatusKeysTests
{
    [Theory]
    [InlineData("order-42", "order-42")]
    [InlineData("a.b_c=d/e", "a.b_c=d/e")]
    public void For_LegalId_IsUsedAsItIs(string id, string key) => Assert.Equal(key, StatusKeys.For(id));

    [Theory]
    [InlineData("bulk-1:0")]
    [InlineData("has space")]
    [InlineData(".leading")]
    [InlineData("trailing.")]
    [InlineData("dou..ble")]
    [InlineData("ünïcode")]
    [InlineData("b64.looks-encoded")]
    [InlineData("*>")]
    public void For_IllegalId_IsEncodedAndRoundTrips(string id)
    {
        var key = StatusKeys.For(id);

        Assert.StartsWith(StatusKeys.EncodedPrefix, key, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_=/.-]+$", key);
        Assert.Equal(id, StatusKeys.IdOf(key));
    }
}
