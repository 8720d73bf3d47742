using K8sNotify.Api.Providers.Twilio;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Tests.TestDoubles;

namespace K8sNotify.Dispatcher.Tests.Resilience;

public sealed class ProviderInstanceKeyTests
{
    private const string Token = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static Provider Twilio(string timeout = "10s") => Notifications.Provider("twilio-main", TwilioProviderKind.Instance.Configure(new ProviderSpec
    {
        Timeout = timeout,
    }, new TwilioProviderSpec
        {
            From = "+15005550006",
            AccountSidSecretRef = new SecretKeyReference { Name = "twilio", Key = "account-sid" },
            AuthTokenSecretRef = new SecretKeyReference { Name = "twilio", Key = "auth-token" },
        }));

    private static DictionarySecretResolver Secrets(string token) => new(new Dictionary<string, string> { ["twilio/account-sid"] = "AC1", ["twilio/auth-token"] = token });

    [Fact]
    public void Of_SameSpecAndSecrets_IsEqual() =>
        Assert.Equal(ProviderInstanceKey.Of(Twilio(), Secrets(Token)), ProviderInstanceKey.Of(Twilio(), Secrets(Token)));

    [Fact]
    public void Of_ChangedSpec_Differs() =>
        Assert.NotEqual(ProviderInstanceKey.Of(Twilio(), Secrets(Token)), ProviderInstanceKey.Of(Twilio("11s"), Secrets(Token)));

    [Fact]
    public void Of_RotatedSecret_Differs() =>
        Assert.NotEqual(ProviderInstanceKey.Of(Twilio(), Secrets(Token)), ProviderInstanceKey.Of(Twilio(), Secrets(Token + "x")));

    [Fact]
    public void ToString_NamesTheProviderOnly()
    {
        var key = ProviderInstanceKey.Of(Twilio(), Secrets(Token));

        Assert.Equal("shop/twilio-main", key.ToString());
        Assert.DoesNotContain(Token, key.Hash, StringComparison.Ordinal);
    }
}
